package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shelfwatch/shelfwatch/queue"
	"github.com/shelfwatch/shelfwatch/queue/queuetest"
)

// TestQueuePrintsEachCompetitorsTasks runs `crawler queue` in-process on a
// queue no worker serves: it prints one row per competitor, sorted by
// name, with its tasks by state, and the number of workers.
func TestQueuePrintsEachCompetitorsTasks(t *testing.T) {
	// A task that is still queued: a crawl or join task of competitor,
	// as Enqueue and the workers' askHelp write them.
	type task struct {
		competitor string
		typ        string
		scheduled  bool // queued to run later (asynq's scheduled state)
		archived   bool // given up on (asynq's archived state)
	}
	// Over 500 tasks, so that the inspector's pages (500 tasks each) are
	// read past the first: a crawl and 100+ joins per competitor.
	var many []task
	manyWant := "COMPETITOR  QUEUED  ACTIVE  RETRY  FAILED\n"
	for i, joins := range []int{131, 100, 157, 119, 102} {
		name := fmt.Sprintf("shop-%d", i+1)
		many = append(many, task{competitor: name, typ: queue.TypeCrawl})
		for range joins {
			many = append(many, task{competitor: name, typ: queue.TypeJoin})
		}
		manyWant += fmt.Sprintf("%-12s%-8d0       0      0\n", name, joins+1)
	}
	manyWant += "workers: 0\n"

	tests := []struct {
		name  string
		tasks []task
		want  string
	}{
		{
			name: "an empty queue prints only the header",
			want: "COMPETITOR  QUEUED  ACTIVE  RETRY  FAILED\n" +
				"workers: 0\n",
		},
		{
			name:  "one crawl of each of two competitors is one queued task each",
			tasks: []task{{competitor: "bolt", typ: queue.TypeCrawl}, {competitor: "acme", typ: queue.TypeCrawl}},
			want: "COMPETITOR  QUEUED  ACTIVE  RETRY  FAILED\n" +
				"acme        1       0       0      0\n" +
				"bolt        1       0       0      0\n" +
				"workers: 0\n",
		},
		{
			name: "join and scheduled tasks count as queued, archived ones as failed",
			tasks: []task{
				{competitor: "acme", typ: queue.TypeCrawl},
				{competitor: "acme", typ: queue.TypeJoin},
				{competitor: "acme", typ: queue.TypeJoin, scheduled: true},
				{competitor: "bolt-electronics", typ: queue.TypeCrawl},
				{competitor: "bolt-electronics", typ: queue.TypeJoin, archived: true},
			},
			want: "COMPETITOR        QUEUED  ACTIVE  RETRY  FAILED\n" +
				"acme              3       0       0      0\n" +
				"bolt-electronics  1       0       0      1\n" +
				"workers: 0\n",
		},
		{
			name:  "five competitors' 614 tasks are all counted, past the inspector's first page",
			tasks: many,
			want:  manyWant,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// MustURL empties the database now and when the test ends.
			redisURL := queuetest.MustURL(t, queuetest.DBCrawler+4)
			rdb := queuetest.MustClient(t, redisURL)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			c := queue.NewClient(rdb)
			defer c.Close()
			ac := asynq.NewClientFromRedisClient(rdb)
			defer ac.Close()
			insp := asynq.NewInspectorFromRedisClient(rdb)
			defer insp.Close()
			for i, tk := range tt.tasks {
				if tk.typ == queue.TypeCrawl && !tk.scheduled && !tk.archived {
					if _, err := c.Enqueue(ctx, tk.competitor); err != nil {
						t.Fatal(err)
					}
					continue
				}
				b, _ := json.Marshal(map[string]string{"competitor": tk.competitor, "token": fmt.Sprintf("t%d", i)})
				id := fmt.Sprintf("test:%d", i)
				opts := []asynq.Option{asynq.Queue(queue.Name), asynq.TaskID(id)}
				if tk.scheduled {
					opts = append(opts, asynq.ProcessIn(time.Hour))
				}
				if _, err := ac.EnqueueContext(ctx, asynq.NewTask(tk.typ, b), opts...); err != nil {
					t.Fatal(err)
				}
				if tk.archived {
					if err := insp.ArchiveTask(queue.Name, id); err != nil {
						t.Fatal(err)
					}
				}
			}

			var out, errb strings.Builder
			getenv := func(string) string { return "" }
			if err := run(ctx, []string{"queue", "--redis", redisURL}, getenv, strings.NewReader(""), &out, &errb); err != nil {
				t.Fatalf("crawler queue: %v\n%s", err, errb.String())
			}
			if out.String() != tt.want {
				t.Errorf("crawler queue printed:\n%s\nwant:\n%s", out.String(), tt.want)
			}
		})
	}
}
