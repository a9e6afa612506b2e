package digest

import (
	"bytes"
	"context"
	"fmt"

	"github.com/shelfwatch/shelfwatch/notify"
	"github.com/shelfwatch/shelfwatch/render"
)

// XLSXType is the positioning spreadsheet's media type.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Message renders what notify's destinations need of d: the HTML page and
// the text for email, the positioning XLSX attached, and the summary for
// chat.
func Message(d render.Digest) (notify.Digest, error) {
	var html, text, xlsx bytes.Buffer
	if err := render.HTML(&html, d); err != nil {
		return notify.Digest{}, err
	}
	if err := render.Text(&text, d); err != nil {
		return notify.Digest{}, err
	}
	if err := render.PositioningXLSX(&xlsx, d.Analysis); err != nil {
		return notify.Digest{}, err
	}
	in := notify.Input{GeneratedAt: d.GeneratedAt, Since: d.Since, NoRuns: d.NoRuns, Candidates: d.Candidates, Analysis: d.Analysis}
	for _, r := range d.Current {
		in.Current = append(in.Current, notifyRun(r))
	}
	for _, r := range d.Previous {
		in.Previous = append(in.Previous, notifyRun(r))
	}
	for _, r := range d.Quality {
		in.Unusable = append(in.Unusable, notifyRun(r))
	}
	return notify.Digest{
		Summary: notify.Summarize(in), HTML: html.Bytes(), Text: text.Bytes(),
		Attachments: []notify.Attachment{{
			Name: "positioning-" + d.GeneratedAt.UTC().Format("2006-01-02") + ".xlsx", ContentType: XLSXType, Data: xlsx.Bytes(),
		}},
	}, nil
}

func notifyRun(r render.RunInfo) notify.Run {
	return notify.Run{Competitor: r.Competitor, RunID: r.RunID, Status: r.Status, StartedAt: r.StartedAt,
		Items: r.Items, WithPrice: r.WithPrice, Reason: r.Reason}
}

// Sender delivers a digest to every destination; *notify.Notifier is one.
type Sender interface {
	Send(ctx context.Context, d notify.Digest) notify.Report
}

// Send renders d for the destinations (see Message) and sends it through
// n. It returns the result of every destination; the error is a render
// failure, before anything was sent. A failed delivery is in the report
// (notify.Report.Err names them), not in the error.
func Send(ctx context.Context, n Sender, d render.Digest) (notify.Report, error) {
	msg, err := Message(d)
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	return n.Send(ctx, msg), nil
}
