package main

import (
	"fmt"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
	"github.com/shelfwatch/shelfwatch/config"
	"github.com/shelfwatch/shelfwatch/pricing"
)

// pricingOptions turns the config's pricing section into analysis options.
func pricingOptions(cfg *config.Config) (pricing.Options, error) {
	opt := cfg.Pricing.Options()
	if err := opt.Validate(); err != nil {
		return opt, cmdline.UsageError{Err: fmt.Errorf("%s: pricing: %w", cfg.Path, err)}
	}
	return opt, nil
}
