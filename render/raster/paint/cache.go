package paint

// cache is a bounded map with approximately least-recently-used eviction:
// two generations, the current one and the previous one. A hit in the
// previous generation moves the entry to the current one; when the
// current generation's cost passes half the limit, the previous
// generation is dropped and the current one becomes the previous. So the
// cache never holds more than limit (plus one entry's cost), every entry
// used within the last half-limit of insertions survives, and each
// operation is O(1) with no list to maintain. An HMI that shows changing
// numbers all day inserts a new shaped string per value; the old ones
// age out two generations later.
type cache[K comparable, V any] struct {
	limit      int // the most the two generations hold together, in cost units
	cur, prev  map[K]entry[V]
	curCost    int
	prevCost   int
	cost       func(V) int
	hits, miss int
}

type entry[V any] struct {
	v    V
	cost int
}

func newCache[K comparable, V any](limit int, cost func(V) int) *cache[K, V] {
	return &cache[K, V]{limit: limit, cur: map[K]entry[V]{}, prev: map[K]entry[V]{}, cost: cost}
}

// get returns the value for k and whether it was there.
func (c *cache[K, V]) get(k K) (V, bool) {
	if e, ok := c.cur[k]; ok {
		c.hits++
		return e.v, true
	}
	if e, ok := c.prev[k]; ok {
		c.hits++
		delete(c.prev, k)
		c.prevCost -= e.cost
		c.insert(k, e)
		return e.v, true
	}
	c.miss++
	var zero V
	return zero, false
}

// put stores v under k (k must not be in the cache).
func (c *cache[K, V]) put(k K, v V) {
	c.insert(k, entry[V]{v: v, cost: max(1, c.cost(v))})
}

func (c *cache[K, V]) insert(k K, e entry[V]) {
	if c.curCost+e.cost > c.limit/2 && len(c.cur) > 0 {
		c.prev, c.prevCost = c.cur, c.curCost
		c.cur, c.curCost = make(map[K]entry[V], len(c.prev)), 0
	}
	c.cur[k] = e
	c.curCost += e.cost
}

// update replaces the value of k, which get has just returned (so it is
// in the current generation).
func (c *cache[K, V]) update(k K, v V) {
	e := c.cur[k]
	e.v = v
	c.cur[k] = e
}

// size is the cost the cache holds.
func (c *cache[K, V]) size() int { return c.curCost + c.prevCost }

// reset empties the cache.
func (c *cache[K, V]) reset() {
	clear(c.cur)
	clear(c.prev)
	c.curCost, c.prevCost = 0, 0
}
