package modbus

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/goburrow/modbus"

	"github.com/gohmi/gohmi/internal/outage"
	"github.com/gohmi/gohmi/tags"
)

// Run scans every group at its period and publishes the values until ctx
// is done, then closes the connection and returns nil. It runs on the
// caller's goroutine and starts no other. While the device fails, the
// tags are Bad with the reason, and Run reconnects with backoff; values
// turn Good again by themselves when the device answers.
func (d *Driver) Run(ctx context.Context, pub tags.Publisher) error {
	d.runs.Add(1)
	defer d.runs.Add(-1)
	defer d.conn.close()
	d.log.Info("modbus: running", "conn", d.cfg.Name, "tags", len(d.items), "groups", len(d.groups))
	d.outage = outage.Log{Logger: d.log, Msg: "modbus", Attrs: []any{"conn", d.cfg.Name}}
	start := d.now()
	for _, g := range d.groups {
		g.next = start
	}
	timer := d.clk.NewTimer(0)
	defer timer.Stop()
	var buf []tags.Update
	connects := d.conn.connects.Load()
	for {
		for _, g := range d.groups {
			if ctx.Err() != nil {
				return nil
			}
			early := d.now().Before(g.next)
			if early && !g.due.Swap(false) {
				continue
			}
			buf = d.scan(g, buf[:0])
			pub.Publish(buf...)
			d.schedule(g, early)
			if c := d.conn.connects.Load(); c != connects {
				connects = c // reconnected: bring every group back now
				d.markAllDue()
			}
		}
		timer.Reset(d.earliest().Sub(d.now()))
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C():
		case <-d.kick:
		}
	}
}

// schedule sets the next cycle of g one period after the last, or now
// when the cycle overran. An early cycle (after a write or a reconnect)
// leaves the schedule as it was.
func (d *Driver) schedule(g *group, early bool) {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	g.cycles++
	if early {
		return
	}
	g.next = g.next.Add(g.period)
	if g.next.Before(now) {
		if now.Sub(g.next) >= g.period {
			g.overruns++
		}
		g.next = now
	}
}

func (d *Driver) earliest() time.Time {
	t := d.groups[0].next
	for _, g := range d.groups[1:] {
		if g.next.Before(t) {
			t = g.next
		}
	}
	return t
}

func (d *Driver) markAllDue() {
	for _, g := range d.groups {
		g.due.Store(true)
	}
	d.poke()
}

// poke wakes Run up without blocking.
func (d *Driver) poke() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// scan reads every request of g and appends the updates that changed
// quality or carry a new good value. A connection failure turns every
// tag of the driver Bad, not only this group's, so that slow groups do
// not show stale values as good. Failures are logged when the connection
// is lost, then at a decreasing rate, and once when it is back: a device
// that is down for days does not log on every scan.
func (d *Driver) scan(g *group, buf []tags.Update) []tags.Update {
	for _, r := range g.reqs {
		data, err := d.read(r)
		at := d.now()
		if err != nil && transportFailed(err) {
			reason := "comm failure: " + err.Error()
			buf = d.failAll(buf, reason, at)
			d.outage.Fail(at, err)
			return buf
		}
		d.outage.OK(at) // the device answered, if only with an exception
		buf = d.apply(buf, g, r, data, err, at)
	}
	return buf
}

// read runs one read request and checks its length.
func (d *Driver) read(r Request) ([]byte, error) {
	var data []byte
	err := d.conn.do(func(c modbus.Client) (err error) {
		data, err = readRequest(c, r)
		return err
	})
	return data, err
}

// readRequest sends the function code of r's area and checks that the
// answer holds exactly what was asked: goburrow does not.
func readRequest(c modbus.Client, r Request) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	switch r.Area {
	case Coil:
		data, err = c.ReadCoils(r.Start, r.Count)
	case DiscreteInput:
		data, err = c.ReadDiscreteInputs(r.Start, r.Count)
	case InputRegister:
		data, err = c.ReadInputRegisters(r.Start, r.Count)
	default:
		data, err = c.ReadHoldingRegisters(r.Start, r.Count)
	}
	if err != nil {
		return nil, err
	}
	return data, r.check(data)
}

// wantBytes is the size of the data of a complete response to r.
func (r Request) wantBytes() int {
	if r.Area.Bits() {
		return (int(r.Count) + 7) / 8
	}
	return 2 * int(r.Count)
}

// check reports a response whose data does not hold r.Count registers or bits.
func (r Request) check(data []byte) error {
	if n, want := len(data), r.wantBytes(); n != want {
		kind := "short"
		if n > want {
			kind = "long"
		}
		return &ProtocolError{Msg: fmt.Sprintf("%s response (%d of %d bytes)", kind, n, want)}
	}
	return nil
}

// slice returns the bytes of a within the checked response data of r, as
// [Address.Decode] takes them.
func (r Request) slice(data []byte, a Address) []byte {
	off := int(a.Offset) - int(r.Start)
	if a.Area.Bits() {
		return []byte{data[off/8] >> (off % 8) & 1}
	}
	return data[2*off : 2*(off+a.Words())]
}

// decodeResponse decodes the values of addrs from the response data of r
// (whose Items index addrs): the raw value of each item, or the error
// that makes it Bad. A response of the wrong length fails every item.
func decodeResponse(r Request, addrs []Address, data []byte) ([]any, error) {
	if err := r.check(data); err != nil {
		return nil, err
	}
	out := make([]any, len(r.Items))
	for k, i := range r.Items {
		a := addrs[i]
		if int(a.Offset) < int(r.Start) || int(a.Offset)+a.Words() > int(r.Start)+int(r.Count) {
			return nil, fmt.Errorf("%s lies outside request %s", a, r)
		}
		v, err := a.Decode(r.slice(data, a))
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// apply turns the outcome of request r of g into updates.
func (d *Driver) apply(buf []tags.Update, g *group, r Request, data []byte, err error, at time.Time) []tags.Update {
	if err != nil {
		reason := fmt.Sprintf("%v reading %s", err, r)
		for _, i := range r.Items {
			buf = d.fail(buf, g.items[i], reason, at)
		}
		return buf
	}
	for _, i := range r.Items {
		it := g.items[i]
		v, err := toEng(it.def, it.addr, r.slice(data, it.addr))
		if err != nil {
			buf = d.fail(buf, it, err.Error(), at)
			continue
		}
		it.last, it.q, it.reason, it.seen = v, tags.Good, "", true
		buf = append(buf, tags.Update{Name: it.def.Name, Value: tags.Value{V: v, Time: at}})
	}
	return buf
}

// fail appends a Bad update for it when its quality or reason changes; it
// keeps the last good value.
func (d *Driver) fail(buf []tags.Update, it *item, reason string, at time.Time) []tags.Update {
	if it.seen && it.q == tags.Bad && it.reason == reason {
		return buf
	}
	it.q, it.reason, it.seen = tags.Bad, reason, true
	return append(buf, tags.Update{Name: it.def.Name, Value: tags.Value{V: it.last, Quality: tags.Bad, Reason: reason, Time: at}})
}

func (d *Driver) failAll(buf []tags.Update, reason string, at time.Time) []tags.Update {
	for _, it := range d.items {
		buf = d.fail(buf, it, reason, at)
	}
	return buf
}

// toEng converts the wire bytes of a to the tag's value: decoded, scaled
// raw → engineering, and converted to the tag's type. Int tags round
// fractional values (a scaled count, a float register).
func toEng(def tags.Def, a Address, b []byte) (any, error) {
	raw, err := a.Decode(b)
	if err != nil {
		return nil, err
	}
	if f, ok := number(raw); ok && def.Scale != nil {
		raw = def.Scale.ToEng(f)
	}
	if f, ok := raw.(float64); ok && def.Type == tags.Int && !math.IsNaN(f) && !math.IsInf(f, 0) {
		raw = math.Round(f)
	}
	return def.Type.Convert(raw)
}
