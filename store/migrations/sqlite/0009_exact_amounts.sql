-- 0009_exact_amounts: amounts in every currency's own precision.
--
-- Money columns held integer hundredths for every currency, so a Kuwaiti
-- dinar price (three decimals, KD 423.923) lost its last digit. They now
-- hold integer ten-thousandths (pricing.Amount's value): four decimals hold
-- every ISO 4217 minor unit (0 to 4) exactly, and an integer stays exact
-- and orders right, where SQLite's NUMERIC affinity would store a decimal
-- as a REAL float. The column types stay; every stored hundredth becomes
-- 100 ten-thousandths. NULLs stay NULL.
UPDATE catalog SET price = price * 100;
UPDATE observations SET
	price      = price * 100,
	list_price = list_price * 100,
	min_price  = min_price * 100,
	max_price  = max_price * 100;
