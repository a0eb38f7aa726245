package auth

import "time"

// failure counts the failed logins in a row of one user, or of names that
// are no user's at one place.
type failure struct {
	n     int       // failures in a row
	last  time.Time // the last failure
	until time.Time // locked out until (zero: not locked)
}

// counter returns the map and key that count failures for this login:
// the user's name, or, for a name that is no user's, the place (so that
// guessing names cannot grow memory: at most maxPlaces places are kept).
// Caller holds mu.
func (a *Authority) counter(isUser bool, name, where string) (string, map[string]*failure) {
	if isUser {
		return name, a.users
	}
	return where, a.places
}

// locked returns a [*LockedError] while the counter at key is locked.
// Caller holds mu.
func (a *Authority) locked(counts map[string]*failure, key string, now time.Time, s SessionSettings) error {
	f := counts[key]
	if f == nil {
		return nil
	}
	if forgotten(f, now, s) {
		delete(counts, key)
		return nil
	}
	if now.Before(f.until) {
		return &LockedError{Until: f.until, Wait: f.until.Sub(now)}
	}
	return nil
}

// charge counts an attempt as a failure before its secret is verified,
// and locks the counter when that failure would: so attempts made while
// one is being verified (tens of ms) see the count, and many at once
// cannot all slip under the limit. A success then forgives ([forgive]).
// The first lockout lasts the backoff; each failure after it doubles the
// time, up to the maximum. Caller holds mu.
func (a *Authority) charge(counts map[string]*failure, key string, now time.Time, s SessionSettings) attempt {
	f := counts[key]
	if f == nil || forgotten(f, now, s) {
		if len(counts) >= maxPlaces {
			evict(counts, now, s)
		}
		f = &failure{}
		counts[key] = f
	}
	f.n++
	f.last = now
	if f.n < s.Failures {
		return attempt{f: f}
	}
	f.until = now.Add(backoff(f.n-s.Failures, s))
	return attempt{f: f, until: f.until}
}

// attempt is a charged login attempt.
type attempt struct {
	f     *failure
	until time.Time // the lockout this attempt set (zero: none)
}

// failed is the error of a charged attempt whose secret was wrong:
// [ErrLogin], or a [*LockedError] when this attempt locked the counter.
func (at attempt) failed(now time.Time) error {
	if now.Before(at.until) {
		return &LockedError{Until: at.until, Wait: at.until.Sub(now)}
	}
	return ErrLogin
}

// forgive drops the attempt's counter after a success (unless it was
// replaced meanwhile). Caller holds mu.
func (at attempt) forgive(counts map[string]*failure, key string) {
	if counts[key] == at.f {
		delete(counts, key)
	}
}

// backoff is the lockout after the k-th failure past the limit (k from 0).
func backoff(k int, s SessionSettings) time.Duration {
	d := s.Backoff
	for ; k > 0 && d < s.MaxBackoff; k-- {
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

// forgotten reports whether a counter has been quiet long enough to be
// dropped: max-backoff past its last failure and its lockout.
func forgotten(f *failure, now time.Time, s SessionSettings) bool {
	end := f.last
	if f.until.After(end) {
		end = f.until
	}
	return !now.Before(end.Add(s.MaxBackoff))
}

// evict makes room in a full map: it drops the forgotten counters, else
// the one whose last failure is oldest.
func evict(counts map[string]*failure, now time.Time, s SessionSettings) {
	var oldest string
	for k, f := range counts {
		if forgotten(f, now, s) {
			delete(counts, k)
			continue
		}
		if oldest == "" || f.last.Before(counts[oldest].last) {
			oldest = k
		}
	}
	if len(counts) >= maxPlaces {
		delete(counts, oldest)
	}
}
