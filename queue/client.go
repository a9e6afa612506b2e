package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/shelfwatch/shelfwatch/monitor"
	"github.com/shelfwatch/shelfwatch/store"
)

// Task types.
const (
	// TypeCrawl crawls one competitor: its worker starts the run and asks
	// others to join.
	TypeCrawl = "shelfwatch:crawl"
	// TypeJoin joins a running crawl of a competitor.
	TypeJoin = "shelfwatch:join"
)

// Defaults of the tasks' asynq options.
const (
	// CrawlTimeout bounds one crawl task (asynq's default is 30 minutes,
	// too short for a marketplace).
	CrawlTimeout = 12 * time.Hour
	// MaxRetry is how often a crawl or join task whose worker failed or
	// died is retried; its run continues where the frontier stands.
	MaxRetry = 5
)

// payload is a crawl or join task's payload. Token names the run in Redis:
// a retried crawl task continues the same run.
type payload struct {
	Competitor string `json:"competitor"`
	Token      string `json:"token"`
}

// crawlTaskID is the crawl task's ID: at most one crawl task of a
// competitor is queued or running in the whole cluster.
func crawlTaskID(competitor string) string { return "crawl:" + competitor }

// Client enqueues crawls and waits for their results.
type Client struct {
	rdb  *redis.Client
	ac   *asynq.Client
	insp *asynq.Inspector
	// Poll is how often Wait looks for a result; 0 means 200ms.
	Poll time.Duration
}

// NewClient returns a client on rdb (see Connect). Close it; rdb stays
// open.
func NewClient(rdb *redis.Client) *Client {
	return &Client{rdb: rdb, ac: asynq.NewClientFromRedisClient(rdb), insp: asynq.NewInspectorFromRedisClient(rdb)}
}

// Close releases the client (not its Redis connection).
func (c *Client) Close() error { return errors.Join(c.ac.Close(), c.insp.Close()) }

// Enqueued is a crawl in the queue: its competitor and its run's token.
type Enqueued struct {
	Competitor string
	Token      string
	// Existing is set when a crawl of the competitor was queued or running
	// already: this is that crawl, no second one was queued.
	Existing bool
}

// Enqueue queues a crawl of competitor. When one is queued or running
// already, it returns that one with Existing set.
func (c *Client) Enqueue(ctx context.Context, competitor string) (Enqueued, error) {
	p := payload{Competitor: competitor, Token: newToken()}
	b, _ := json.Marshal(p)
	_, err := c.ac.EnqueueContext(ctx, asynq.NewTask(TypeCrawl, b),
		asynq.Queue(Name), asynq.TaskID(crawlTaskID(competitor)),
		asynq.MaxRetry(MaxRetry), asynq.Timeout(CrawlTimeout))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		info, ierr := c.insp.GetTaskInfo(Name, crawlTaskID(competitor))
		if ierr != nil {
			return Enqueued{}, fmt.Errorf("enqueue %s: queued already, and reading that task failed: %w", competitor, ierr)
		}
		var old payload
		if err := json.Unmarshal(info.Payload, &old); err != nil {
			return Enqueued{}, fmt.Errorf("enqueue %s: queued already, with an unreadable payload: %w", competitor, err)
		}
		return Enqueued{Competitor: competitor, Token: old.Token, Existing: true}, nil
	}
	if err != nil {
		return Enqueued{}, fmt.Errorf("enqueue %s: %w", competitor, err)
	}
	return Enqueued{Competitor: competitor, Token: p.Token}, nil
}

// Wait waits for the result of the run q names and returns it as a
// monitor.Result, so `crawler run --redis` prints the summary `crawler
// run` prints. A crawl task that asynq gave up on (archived after its
// retries) is returned as a failed result naming the task's last error.
func (c *Client) Wait(ctx context.Context, q Enqueued) (monitor.Result, error) {
	poll := c.Poll
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	checks := 0
	for {
		res, ok, err := readResult(ctx, c.rdb, q.Token)
		if err != nil || ok {
			return res, err
		}
		// Every ~2 s: has asynq given up on the task?
		if checks++; checks%10 == 0 {
			info, err := c.insp.GetTaskInfo(Name, crawlTaskID(q.Competitor))
			if err == nil && info.State == asynq.TaskStateArchived && taskToken(info) == q.Token {
				return monitor.Result{Name: q.Competitor, Err: fmt.Errorf("crawl %s: the queue gave up after %d retries: %s", q.Competitor, info.Retried, info.LastErr)}, nil
			}
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return monitor.Result{Name: q.Competitor, Err: fmt.Errorf("crawl %s: stopped waiting (the workers go on): %w", q.Competitor, ctx.Err())}, ctx.Err()
		}
	}
}

func taskToken(info *asynq.TaskInfo) string {
	var p payload
	json.Unmarshal(info.Payload, &p)
	return p.Token
}

// result is a finished run's outcome as kept in Redis.
type result struct {
	Name      string                 `json:"name"`
	Run       store.Run              `json:"run"`
	Skipped   *store.LockedError     `json:"skipped,omitempty"`
	Abandoned int                    `json:"abandoned,omitempty"`
	Err       string                 `json:"err,omitempty"`
	Duration  time.Duration          `json:"duration"`
	Unmapped  map[string]int         `json:"unmapped,omitempty"`
	Failures  []monitor.FailureClass `json:"failures,omitempty"`
}

func (r result) monitor() monitor.Result {
	res := monitor.Result{Name: r.Name, Run: r.Run, Skipped: r.Skipped, Abandoned: r.Abandoned,
		Duration: r.Duration, Unmapped: r.Unmapped, Failures: r.Failures}
	if r.Err != "" {
		res.Err = errors.New(r.Err)
	}
	return res
}

func readResult(ctx context.Context, rdb *redis.Client, token string) (monitor.Result, bool, error) {
	s, err := rdb.Get(ctx, resultKey(token)).Result()
	if errors.Is(err, redis.Nil) {
		return monitor.Result{}, false, nil
	}
	if err != nil {
		return monitor.Result{}, false, fmt.Errorf("read result: %w", err)
	}
	var r result
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return monitor.Result{}, false, fmt.Errorf("read result: %w", err)
	}
	return r.monitor(), true, nil
}

func newToken() string {
	var b [10]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
