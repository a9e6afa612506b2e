-- 0012_run_category_prices: each finished run's prices per category, kept.
--
-- `report history --category` bands a year of weekly runs. Reading a
-- category's prices from the observations (0011) touches nearly every page
-- of a run when the category's listings are interleaved with others, over a
-- second for a year. A finished run's observations no longer change, so
-- CategoryPrices (store/category_prices.go) keeps what it read of each run
-- and category here, encoded, the first time it reads them; later reads are
-- one row per run and category. Prune deletes a pruned run's rows.
CREATE TABLE run_category_prices (
    run_id   BIGINT  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    category TEXT    NOT NULL,
    offers   BYTEA   NOT NULL,
    PRIMARY KEY (run_id, category)
);
