package raster

import (
	"slices"
	"sync"
)

// preferences is an in-memory fyne.Preferences: a panel's settings live
// in the project, so nothing here outlives the process.
type preferences struct {
	mu        sync.Mutex // guards values and listeners
	values    map[string]any
	listeners []func()
}

func newPreferences() *preferences { return &preferences{values: map[string]any{}} }

// get returns the value of key if it has type T, else fallback.
func get[T any](p *preferences, key string, fallback T) T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[key].(T); ok {
		return v
	}
	return fallback
}

// set stores v under key and calls the listeners.
func set[T any](p *preferences, key string, v T) {
	p.mu.Lock()
	p.values[key] = v
	ls := slices.Clone(p.listeners)
	p.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

func (p *preferences) Bool(key string) bool                      { return get(p, key, false) }
func (p *preferences) BoolWithFallback(key string, fb bool) bool { return get(p, key, fb) }
func (p *preferences) SetBool(key string, v bool)                { set(p, key, v) }
func (p *preferences) BoolList(key string) []bool                { return get[[]bool](p, key, nil) }
func (p *preferences) BoolListWithFallback(k string, fb []bool) []bool {
	return get(p, k, fb)
}
func (p *preferences) SetBoolList(key string, v []bool)               { set(p, key, slices.Clone(v)) }
func (p *preferences) Float(key string) float64                       { return get(p, key, 0.0) }
func (p *preferences) FloatWithFallback(k string, fb float64) float64 { return get(p, k, fb) }
func (p *preferences) SetFloat(key string, v float64)                 { set(p, key, v) }
func (p *preferences) FloatList(key string) []float64                 { return get[[]float64](p, key, nil) }
func (p *preferences) FloatListWithFallback(k string, fb []float64) []float64 {
	return get(p, k, fb)
}
func (p *preferences) SetFloatList(key string, v []float64)         { set(p, key, slices.Clone(v)) }
func (p *preferences) Int(key string) int                           { return get(p, key, 0) }
func (p *preferences) IntWithFallback(key string, fb int) int       { return get(p, key, fb) }
func (p *preferences) SetInt(key string, v int)                     { set(p, key, v) }
func (p *preferences) IntList(key string) []int                     { return get[[]int](p, key, nil) }
func (p *preferences) IntListWithFallback(k string, fb []int) []int { return get(p, k, fb) }
func (p *preferences) SetIntList(key string, v []int)               { set(p, key, slices.Clone(v)) }
func (p *preferences) String(key string) string                     { return get(p, key, "") }
func (p *preferences) StringWithFallback(k, fb string) string       { return get(p, k, fb) }
func (p *preferences) SetString(key string, v string)               { set(p, key, v) }
func (p *preferences) StringList(key string) []string               { return get[[]string](p, key, nil) }
func (p *preferences) StringListWithFallback(k string, fb []string) []string {
	return get(p, k, fb)
}
func (p *preferences) SetStringList(key string, v []string) { set(p, key, slices.Clone(v)) }

func (p *preferences) RemoveValue(key string) {
	p.mu.Lock()
	delete(p.values, key)
	ls := slices.Clone(p.listeners)
	p.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

func (p *preferences) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

func (p *preferences) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.listeners)
}
