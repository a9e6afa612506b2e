-- 0009_exact_amounts: amounts in every currency's own precision.
--
-- Money columns held BIGINT hundredths for every currency, so a Kuwaiti
-- dinar price (three decimals, KD 423.923) lost its last digit. They become
-- NUMERIC(19,4): the decimal amount itself, as SQL readers expect, exact to
-- four decimals, which hold every ISO 4217 minor unit (0 to 4); 15 integer
-- digits cover pricing.Amount's range. Hundredths convert exactly (a
-- numeric division). ALTER on the partitioned observations table converts
-- every partition; the staging tables are temporary and made by the store.
ALTER TABLE catalog ALTER COLUMN price TYPE NUMERIC(19,4) USING price::NUMERIC / 100;
ALTER TABLE observations
	ALTER COLUMN price      TYPE NUMERIC(19,4) USING price::NUMERIC / 100,
	ALTER COLUMN list_price TYPE NUMERIC(19,4) USING list_price::NUMERIC / 100,
	ALTER COLUMN min_price  TYPE NUMERIC(19,4) USING min_price::NUMERIC / 100,
	ALTER COLUMN max_price  TYPE NUMERIC(19,4) USING max_price::NUMERIC / 100;
