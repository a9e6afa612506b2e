package queue

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Counts are the tasks of one competitor by state: Queued (pending or
// scheduled), Active (a worker runs it), Retry (failed, to be retried) and
// Failed (asynq gave up: archived). Crawl and join tasks both count.
type Counts struct {
	Competitor                    string
	Queued, Active, Retry, Failed int
}

// Stats returns the queue's task counts per competitor, sorted by name,
// and the number of workers serving the queue.
func Stats(rdb *redis.Client) ([]Counts, int, error) {
	insp := asynq.NewInspectorFromRedisClient(rdb)
	defer insp.Close()
	by := map[string]*Counts{}
	add := func(list func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error), field func(*Counts) *int) error {
		for page := 1; ; page++ {
			tasks, err := list(Name, asynq.Page(page), asynq.PageSize(500))
			if errors.Is(err, asynq.ErrQueueNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("queue: %w", err)
			}
			for _, t := range tasks {
				var p payload
				if json.Unmarshal(t.Payload, &p) != nil || p.Competitor == "" {
					p.Competitor = "(unreadable task " + t.ID + ")"
				}
				c := by[p.Competitor]
				if c == nil {
					c = &Counts{Competitor: p.Competitor}
					by[p.Competitor] = c
				}
				*field(c)++
			}
			if len(tasks) < 500 {
				return nil
			}
		}
	}
	steps := []struct {
		list  func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error)
		field func(*Counts) *int
	}{
		{insp.ListPendingTasks, func(c *Counts) *int { return &c.Queued }},
		{insp.ListScheduledTasks, func(c *Counts) *int { return &c.Queued }},
		{insp.ListActiveTasks, func(c *Counts) *int { return &c.Active }},
		{insp.ListRetryTasks, func(c *Counts) *int { return &c.Retry }},
		{insp.ListArchivedTasks, func(c *Counts) *int { return &c.Failed }},
	}
	for _, s := range steps {
		if err := add(s.list, s.field); err != nil {
			return nil, 0, err
		}
	}
	servers, err := insp.Servers()
	if err != nil {
		return nil, 0, fmt.Errorf("queue: workers: %w", err)
	}
	workers := 0
	for _, s := range servers {
		if _, ok := s.Queues[Name]; ok {
			workers++
		}
	}
	out := make([]Counts, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Counts) int { return cmp.Compare(a.Competitor, b.Competitor) })
	return out, workers, nil
}
