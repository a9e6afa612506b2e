-- 0003_source_category_match_reasons: listings keep the category as the shop
-- named it (breadcrumb, JSON-LD category, product type) next to the canonical
-- category it mapped to, so an unmapped one can be reported and mapped later;
-- observations keep it per run like every other descriptive field. Matches
-- keep the matcher's reasons (evidence and penalties) as a JSON array of
-- strings, so people reviewing a pair see why it was made; '' is no reasons.
-- Existing rows get '' in every new column: unknown, as for other optional
-- text.

ALTER TABLE listings ADD COLUMN source_category TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN source_category TEXT NOT NULL DEFAULT '';
ALTER TABLE matches ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
