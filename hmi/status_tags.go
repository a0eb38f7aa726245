package hmi

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/tags"
)

// TagsReply is what the status server's GET /tags answers: every tag, sorted
// by name, or with ?name=A,B (or name=A&name=B) the named ones in that
// order. A value that is not a finite number (NaN, ±Inf) is null; its
// quality and reason say why.
type TagsReply struct {
	Tags []Reading `json:"tags"`
}

// TagsError is the 404 answer of GET /tags?name=… when some names are no
// tag of the project as it runs now: it names them all, and no values are
// sent, so a tool never mistakes a typo (or a tag a reload removed) for a
// missing reading.
type TagsError struct {
	Error   string   `json:"error"`
	Unknown []string `json:"unknown"`
}

func (r *Runtime) serveTags(w http.ResponseWriter, req *http.Request) {
	names, filtered := tagQuery(req)
	if !filtered {
		writeJSON(w, http.StatusOK, TagsReply{Tags: r.readAll()})
		return
	}
	reply := TagsReply{Tags: make([]Reading, 0, len(names))}
	var unknown []string
	for _, name := range names {
		d, ok := r.db.Def(name)
		v, got := r.db.Get(name)
		if !ok || !got {
			unknown = append(unknown, name)
			continue
		}
		reply.Tags = append(reply.Tags, reading(d, v))
	}
	if unknown != nil {
		writeJSON(w, http.StatusNotFound, TagsError{Error: "unknown tag " + strings.Join(quoteAll(unknown), ", "), Unknown: unknown})
		return
	}
	writeJSON(w, http.StatusOK, reply)
}

// tagQuery returns the names asked for; filtered is false when the query
// has no name parameter (every tag).
func tagQuery(req *http.Request) (names []string, filtered bool) {
	params, filtered := req.URL.Query()["name"]
	for _, p := range params {
		for _, n := range strings.Split(p, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	return names, filtered
}

func (r *Runtime) readAll() []Reading {
	defs := r.db.Defs()
	out := make([]Reading, 0, len(defs))
	for _, d := range defs {
		if v, ok := r.db.Get(d.Name); ok && !isUserTag(d) { // the panel's user is not the project's tags
			out = append(out, reading(d, v))
		}
	}
	return out
}

func reading(d tags.Def, v tags.Value) Reading {
	val := v.V
	if f, ok := val.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		val = nil // JSON has no NaN or Inf
	}
	return Reading{Name: d.Name, Connection: d.Conn, Value: val, Unit: d.Unit,
		Quality: v.Quality.String(), Reason: v.Reason, Time: v.Time}
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return q
}
