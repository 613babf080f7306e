package learn

import "sync"

// cache keeps decoded engine states between requests on this server, each
// with the version it was stored at. The database stays the truth: an
// entry is used only while its version is the stored one, and a request
// takes it out while it works on it (engine states are not safe for
// concurrent use) and puts it back once its change is committed.
type cache[K comparable, V any] struct {
	mu  sync.Mutex
	max int
	m   map[K]cached[V]
}

type cached[V any] struct {
	version int
	v       V
}

func newCache[K comparable, V any](max int) *cache[K, V] {
	return &cache[K, V]{max: max, m: make(map[K]cached[V])}
}

// take removes and returns k's value if it was stored at version.
func (c *cache[K, V]) take(k K, version int) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	delete(c.m, k)
	if !ok || e.version != version {
		var zero V
		return zero, false
	}
	return e.v, true
}

// version returns the version k's value was stored at, 0 (no stored
// version) when there is none. The entry stays: a take follows.
func (c *cache[K, V]) version(k K) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k].version
}

// put keeps v as k's value at version, evicting an arbitrary entry when
// the cache is full.
func (c *cache[K, V]) put(k K, version int, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; !ok && len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = cached[V]{version, v}
}
