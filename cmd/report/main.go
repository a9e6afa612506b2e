// Command report turns shelfwatch's crawl history into what the operations
// team reads each week and what its planning tools import.
//
//	report digest      [--week 2026-W48 | --since 168h] [--format text|markdown|json|html|xlsx] [--out FILE]
//	report positioning [--format csv|json|xlsx] [--table items|tiers|competitors] [--out FILE]
//	report matches     --review [--format csv|json] [--out FILE]
//	report plan        --target AMOUNT --per year|month|day [--conversion 0.02] [--aov 45 | --tier mid --category C]
//	report serve       [--listen 127.0.0.1:8080] [--token-env NAME]   (or the config's serve: section)
//	report history     --sku SKU | --competitor NAME --listing KEY | --url URL | --category NAME
//	report --version
//
// Every subcommand takes --log-format text|json, --log-level LEVEL and -q.
// The digest itself is assembled by package digest, which the crawler's
// daemon shares.
//
// Exit status: 0 on success, 1 on failure, 2 for a bad command line or
// configuration.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/shelfwatch/shelfwatch/cmd/internal/cmdline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(cmdline.ExitCode("report", err, os.Stderr))
}
