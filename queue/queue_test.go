package queue

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/shelfwatch/shelfwatch/queue/queuetest"
)

// TestEnqueueIsUniquePerCompetitorAndCounted: a second crawl of a
// competitor queued or running is not queued again (Enqueue returns the
// first, Existing), and Stats counts the tasks per competitor.
func TestEnqueueIsUniquePerCompetitorAndCounted(t *testing.T) {
	url := queuetest.MustURL(t, queuetest.DBQueue)
	ctx := context.Background()
	rdb, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	c := NewClient(rdb)
	defer c.Close()
	steps := []struct {
		competitor   string
		wantExisting bool
	}{
		{"acme", false},
		{"bolt", false},
		{"acme", true},
		{"acme", true},
		{"cargo", false},
	}
	first := map[string]string{}
	for _, s := range steps {
		q, err := c.Enqueue(ctx, s.competitor)
		if err != nil {
			t.Fatal(err)
		}
		if q.Existing != s.wantExisting {
			t.Errorf("Enqueue(%s): Existing %v, want %v", s.competitor, q.Existing, s.wantExisting)
		}
		if tok, ok := first[s.competitor]; ok && q.Token != tok {
			t.Errorf("Enqueue(%s) again: token %s, want the queued crawl's %s", s.competitor, q.Token, tok)
		}
		first[s.competitor] = q.Token
	}
	counts, workers, err := Stats(rdb)
	if err != nil {
		t.Fatal(err)
	}
	want := []Counts{{Competitor: "acme", Queued: 1}, {Competitor: "bolt", Queued: 1}, {Competitor: "cargo", Queued: 1}}
	if len(counts) != len(want) {
		t.Fatalf("Stats = %+v, want %+v", counts, want)
	}
	for i := range want {
		if counts[i] != want[i] {
			t.Errorf("Stats[%d] = %+v, want %+v", i, counts[i], want[i])
		}
	}
	if workers != 0 {
		t.Errorf("%d workers, want none", workers)
	}
}

// TestConnectFailsFastOnARedisThatDoesNotAnswer: refused, silent and
// unresolvable Redis addresses all fail within seconds with ErrRedisDown
// naming the address and never the password; a bad URL says so.
func TestConnectFailsFastOnARedisThatDoesNotAnswer(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()
	tests := []struct {
		name, url, want string
		down            bool
	}{
		{"refused", "redis://:hunter2@" + closedAddr + "/0", closedAddr, true},
		{"accepts and never answers", "redis://:hunter2@" + silent.Addr().String() + "/3", silent.Addr().String() + " (db 3)", true},
		{"host does not resolve", "redis://redis.invalid:6379/0", "redis.invalid:6379", true},
		{"not a Redis URL", "http://:hunter2@127.0.0.1:6379/0", "redis URL", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			rdb, err := Connect(context.Background(), tc.url)
			if err == nil {
				rdb.Close()
				t.Fatal("Connect succeeded")
			}
			if errors.Is(err, ErrRedisDown) != tc.down || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrRedisDown %v naming %q", err, tc.down, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("err = %v shows the password", err)
			}
			if took := time.Since(start); took > ConnectTimeout+2*time.Second {
				t.Errorf("took %s, want at most about %s", took, ConnectTimeout)
			}
		})
	}
}
