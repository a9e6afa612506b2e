// Package plan turns a sales target into the daily traffic it needs, using
// the operations team's planning identity
//
//	sales = visitors × conversion × average order value (AOV)
//
// All money arithmetic is exact (math/big.Rat); money results are rounded to
// the cent half away from zero, and order and visitor counts are rounded up,
// because a plan that needs 151.67 orders needs 152 of them. A month is a
// twelfth of a year and a day is a DaysPerYear-th of it, so the monthly and
// daily targets add back up to the yearly one instead of drifting with the
// calendar.
//
// The package is pure: no I/O and no clock.
package plan

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/shelfwatch/shelfwatch/pricing"
)

// Period is the span a sales target covers.
type Period string

// The periods a target can be given per.
const (
	Year  Period = "year"
	Month Period = "month"
	Day   Period = "day"
)

// DefaultDaysPerYear is used when Input.DaysPerYear is zero.
const DefaultDaysPerYear = 365

// ErrInvalidInput is wrapped by every error Make returns; the message says
// which field was wrong.
var ErrInvalidInput = errors.New("invalid plan input")

// Input is a sales target and the assumptions to plan it with.
type Input struct {
	// Target is the sales target per Per. It must be positive.
	Target   pricing.Amount
	Currency string
	Per      Period
	// Conversion is the share of visitors who order, in (0, 1]; 0.02 is 2 %.
	// It is read as the shortest decimal that prints as the same float64
	// (0.02 is exactly 2/100), so the float's binary error never reaches the
	// counts.
	Conversion float64
	// AOV is the average order value. Give either AOV, or both AOVLow and
	// AOVHigh for a range; all given values must be positive.
	AOV             pricing.Amount
	AOVLow, AOVHigh pricing.Amount
	// DaysPerYear defaults to DefaultDaysPerYear when zero.
	DaysPerYear int
}

// Range is an inclusive range of counts; Min == Max when the AOV was a single
// value.
type Range struct {
	Min, Max int64
}

// Plan is the target broken down per year, month and day, and the daily
// orders and visitors it takes.
type Plan struct {
	Currency string
	// Yearly, Monthly and Daily are the target per period, Monthly and
	// Daily rounded to the currency's minor unit (the cent, the whole yen,
	// the fils). Monthly is Yearly/12 and Daily is Yearly/DaysPerYear.
	Yearly, Monthly, Daily pricing.Amount
	// AOVLow and AOVHigh are the order values planned with (equal for a
	// single AOV).
	AOVLow, AOVHigh pricing.Amount
	DaysPerYear     int
	// OrdersPerDay is the exact daily target over the AOV, rounded up: Min
	// at AOVHigh, Max at AOVLow.
	OrdersPerDay Range
	// VisitorsPerDay is the exact daily target over AOV × conversion,
	// rounded up (it is not the rounded orders over conversion, which would
	// overstate it): Min at AOVHigh, Max at AOVLow.
	VisitorsPerDay Range
}

// Make computes the plan for in. It returns an error wrapping
// ErrInvalidInput for a zero or negative target, a conversion outside (0, 1]
// (or NaN), an AOV that is zero, negative, missing, given both as a value and
// as a range, or a range whose low end is above its high end, an unknown
// period, a negative DaysPerYear, or a target too large to express per year
// in an Amount.
func Make(in Input) (Plan, error) {
	if in.Target <= 0 {
		return Plan{}, fmt.Errorf("%w: target %s must be positive", ErrInvalidInput, in.Target)
	}
	if math.IsNaN(in.Conversion) || in.Conversion <= 0 || in.Conversion > 1 {
		return Plan{}, fmt.Errorf("%w: conversion %v must be in (0, 1]", ErrInvalidInput, in.Conversion)
	}
	lo, hi, err := aovRange(in)
	if err != nil {
		return Plan{}, err
	}
	days := in.DaysPerYear
	switch {
	case days == 0:
		days = DefaultDaysPerYear
	case days < 0:
		return Plan{}, fmt.Errorf("%w: days per year %d must be positive", ErrInvalidInput, days)
	}

	target := new(big.Rat).SetInt64(int64(in.Target))
	var yearly *big.Rat
	switch in.Per {
	case Year:
		yearly = target
	case Month:
		yearly = new(big.Rat).Mul(target, big.NewRat(12, 1))
	case Day:
		yearly = new(big.Rat).Mul(target, big.NewRat(int64(days), 1))
	default:
		return Plan{}, fmt.Errorf("%w: period %q (want year, month or day)", ErrInvalidInput, in.Per)
	}
	if !yearly.IsInt() || yearly.Num().Cmp(big.NewInt(math.MaxInt64)) > 0 {
		return Plan{}, fmt.Errorf("%w: target %s per %s is too large", ErrInvalidInput, in.Target, in.Per)
	}
	monthly := new(big.Rat).Quo(yearly, big.NewRat(12, 1))
	daily := new(big.Rat).Quo(yearly, big.NewRat(int64(days), 1))

	// conv is what the caller wrote, not the float's binary approximation.
	conv, ok := new(big.Rat).SetString(strconv.FormatFloat(in.Conversion, 'g', -1, 64))
	if !ok {
		return Plan{}, fmt.Errorf("%w: conversion %v", ErrInvalidInput, in.Conversion)
	}

	p := Plan{
		Currency:    in.Currency,
		Yearly:      pricing.Amount(yearly.Num().Int64()),
		Monthly:     roundMinor(monthly, in.Currency),
		Daily:       roundMinor(daily, in.Currency),
		AOVLow:      lo,
		AOVHigh:     hi,
		DaysPerYear: days,
	}
	var counts [4]int64
	for i, c := range []struct {
		aov  pricing.Amount
		conv *big.Rat
	}{{hi, nil}, {lo, nil}, {hi, conv}, {lo, conv}} {
		n, ok := perDay(daily, c.aov, c.conv)
		if !ok {
			return Plan{}, fmt.Errorf("%w: %s per day at %s conversion needs more visitors than can be counted", ErrInvalidInput, p.Daily, conv.FloatString(4))
		}
		counts[i] = n
	}
	p.OrdersPerDay = Range{Min: counts[0], Max: counts[1]}
	p.VisitorsPerDay = Range{Min: counts[2], Max: counts[3]}
	return p, nil
}

func aovRange(in Input) (lo, hi pricing.Amount, err error) {
	switch {
	case in.AOVLow == 0 && in.AOVHigh == 0:
		if in.AOV <= 0 {
			return 0, 0, fmt.Errorf("%w: average order value %s must be positive", ErrInvalidInput, in.AOV)
		}
		return in.AOV, in.AOV, nil
	case in.AOV != 0:
		return 0, 0, fmt.Errorf("%w: give either AOV or AOVLow and AOVHigh, not both", ErrInvalidInput)
	case in.AOVLow <= 0 || in.AOVHigh <= 0:
		return 0, 0, fmt.Errorf("%w: average order value range %s-%s must be positive", ErrInvalidInput, in.AOVLow, in.AOVHigh)
	case in.AOVLow > in.AOVHigh:
		return 0, 0, fmt.Errorf("%w: average order value range %s-%s is reversed", ErrInvalidInput, in.AOVLow, in.AOVHigh)
	}
	return in.AOVLow, in.AOVHigh, nil
}

// perDay returns ceil(daily / (aov × conv)), with conv == nil meaning 1, and
// false when that does not fit an int64.
func perDay(daily *big.Rat, aov pricing.Amount, conv *big.Rat) (int64, bool) {
	den := new(big.Rat).SetInt64(int64(aov))
	if conv != nil {
		den.Mul(den, conv)
	}
	q := new(big.Rat).Quo(daily, den)
	c, m := new(big.Int).DivMod(q.Num(), q.Denom(), new(big.Int)) // floor: Denom > 0
	if m.Sign() != 0 {
		c.Add(c, big.NewInt(1))
	}
	return c.Int64(), c.IsInt64()
}

// roundMinor rounds a non-negative rational number of Amount units half
// away from zero to the currency's minor unit (two decimals for a code
// pricing does not know).
func roundMinor(q *big.Rat, currency string) pricing.Amount {
	digits, _ := pricing.MinorUnits(currency)
	step := int64(pricing.MajorUnit)
	for range digits {
		step /= 10
	}
	n, d := q.Num(), new(big.Int).Mul(q.Denom(), big.NewInt(step))
	twice := new(big.Int).Mul(n, big.NewInt(2))
	twice.Add(twice, d)
	d2 := new(big.Int).Mul(d, big.NewInt(2))
	return pricing.Amount(new(big.Int).Div(twice, d2).Int64() * step)
}
