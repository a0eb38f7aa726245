package opcua

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gopcua/opcua"
	"github.com/gopcua/opcua/id"
	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/tags"
)

// monitorBatch caps the monitored items created, and the nodes read, per
// request; servers limit both (MaxMonitoredItemsPerCall, MaxNodesPerRead).
const monitorBatch = 500

// session runs one connection: connect, learn the nodes' data types,
// subscribe, then serve until the session fails or ctx is done. When it
// fails, every tag turns Bad before the client is closed, so a slow close
// never delays the Bad quality. up reports whether the subscription was
// created.
func (d *Driver) session(ctx context.Context, pub tags.Publisher) (up bool, err error) {
	cl, states, err := d.connect(ctx)
	if err != nil {
		d.down(ctx, pub, err)
		return false, err
	}
	defer closeClient(cl, d.s.Timeout)
	defer func() { d.down(ctx, pub, err) }()
	if err := d.learnTypes(ctx, cl); err != nil {
		return false, err
	}
	var notifs chan *opcua.PublishNotificationData
	if len(d.tags) > 0 {
		notifs = make(chan *opcua.PublishNotificationData, 16)
		sub, err := cl.Subscribe(ctx, d.subscriptionParams(), notifs)
		if err != nil {
			return false, fmt.Errorf("create subscription: %w", err)
		}
		if err := d.monitor(ctx, sub, pub); err != nil {
			return false, err
		}
	}
	d.mu.Lock()
	d.client, d.reason = cl, ""
	d.mu.Unlock()
	d.log.Info(d.s.prefix()+": connected", "endpoint", d.s.Endpoint,
		"security", policyName(d.s.policyURI)+"/"+modeName(d.s.mode), "tags", len(d.tags))
	d.outage.OK(d.now())
	return true, d.serve(ctx, cl, states, notifs, pub)
}

// down forgets the client and, unless the driver is stopping, turns every
// tag Bad with the reason.
func (d *Driver) down(ctx context.Context, pub tags.Publisher, err error) {
	reason := "driver stopped"
	if ctx.Err() == nil {
		reason = failReason(err)
	}
	d.mu.Lock()
	d.client, d.reason = nil, reason
	d.mu.Unlock()
	if ctx.Err() == nil {
		d.markBad(pub, reason)
	}
}

// connect opens a session with a fresh client. gopcua's auto-reconnect is
// off: Run reconnects with a new client, which leaves no state behind.
func (d *Driver) connect(ctx context.Context) (*opcua.Client, <-chan opcua.ConnState, error) {
	// Connect and Close send a few states before anyone reads; the buffer
	// keeps gopcua's setState, which blocks, from waiting on us.
	states := make(chan opcua.ConnState, 16)
	cl, err := dial(ctx, d.s, d.trust, d.now, opcua.StateChangedCh(states))
	if err != nil {
		return nil, nil, err
	}
	return cl, states, nil
}

// dial connects a new client and opens a session, within the timeout. now
// dates a client certificate that must be generated and is the time a
// server certificate must be valid at; tl checks that certificate.
func dial(ctx context.Context, s *settings, tl *trustLog, now func() time.Time, extra ...opcua.Option) (*opcua.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	opts, err := clientOptions(ctx, s, tl, now)
	if err != nil {
		return nil, err
	}
	cl, err := opcua.NewClient(s.Endpoint, append(opts, extra...)...)
	if err != nil {
		return nil, err
	}
	if err := cl.Connect(ctx); err != nil {
		closeClient(cl, s.Timeout)
		return nil, fmt.Errorf("connect: %w", err)
	}
	return cl, nil
}

// closeClient closes the session and the connection, waiting at most a
// short while for a server that no longer answers.
func closeClient(cl *opcua.Client, timeout time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), min(timeout, 2*time.Second))
	defer cancel()
	_ = cl.Close(ctx)
}

// clientOptions asks the server for its endpoints and returns the options
// of a client for the one matching the configured policy and mode, with
// the configured user (or anonymous) and, when secure, the client's
// certificate. When secure, the endpoint's server certificate must pass
// the trust list first (trustLog.checkServerCert): no channel is opened
// to a server that presents another one.
//
// Checking the endpoint's certificate suffices: gopcua encrypts the
// OpenSecureChannel request, which carries the client's nonce, with that
// certificate's key, and derives the channel's keys from that nonce, so
// only the holder of the trusted certificate's private key can answer on
// the channel, whatever certificates it names later.
func clientOptions(ctx context.Context, s *settings, tl *trustLog, now func() time.Time) ([]opcua.Option, error) {
	eps, err := opcua.GetEndpoints(ctx, s.Endpoint, opcua.DialTimeout(s.Timeout), opcua.RequestTimeout(s.Timeout))
	if err != nil {
		return nil, fmt.Errorf("get endpoints: %w", err)
	}
	ep, err := matchEndpoint(eps, s)
	if err != nil {
		return nil, err
	}
	opts := []opcua.Option{
		opcua.AutoReconnect(false),
		opcua.RequestTimeout(s.Timeout),
		opcua.DialTimeout(s.Timeout),
		// An abandoned session (the panel lost power) ends on the server
		// after a minute, not the default twenty.
		opcua.SessionTimeout(time.Minute),
		opcua.ApplicationName("gohmi"),
		opcua.ProductURI("urn:gohmi"),
		opcua.SessionName("gohmi " + s.Name),
	}
	if s.Username != "" {
		opts = append(opts, opcua.AuthUsername(s.Username, s.Password))
	} else {
		opts = append(opts, opcua.AuthAnonymous())
	}
	if s.secure() {
		if err := tl.checkServerCert(s, ep, now()); err != nil {
			return nil, err
		}
	}
	opts = append(opts, opcua.SecurityFromEndpoint(ep, tokenType(s)))
	if s.secure() {
		id, err := clientIdentity(s, tl.log, now)
		if err != nil {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
		opts = append(opts, opcua.Certificate(id.cert), opcua.PrivateKey(id.key), opcua.ApplicationURI(id.uri))
	}
	return opts, nil
}

func tokenType(s *settings) ua.UserTokenType {
	if s.Username != "" {
		return ua.UserTokenTypeUserName
	}
	return ua.UserTokenTypeAnonymous
}

// matchEndpoint finds the endpoint with the configured policy and mode
// that accepts the configured kind of user; the error lists what the
// server offers.
func matchEndpoint(eps []*ua.EndpointDescription, s *settings) (*ua.EndpointDescription, error) {
	var offered []string
	for _, ep := range eps {
		offered = append(offered, policyName(ep.SecurityPolicyURI)+"/"+modeName(ep.SecurityMode))
		if ep.SecurityPolicyURI != s.policyURI || ep.SecurityMode != s.mode {
			continue
		}
		for _, t := range ep.UserIdentityTokens {
			if t.TokenType == tokenType(s) {
				return ep, nil
			}
		}
		if s.Username != "" {
			return nil, fmt.Errorf("the server's %s/%s endpoint does not accept user names", policyName(s.policyURI), modeName(s.mode))
		}
		return nil, fmt.Errorf("the server's %s/%s endpoint does not accept anonymous users; set a username", policyName(s.policyURI), modeName(s.mode))
	}
	return nil, fmt.Errorf("the server offers no endpoint with security %s/%s (it offers %s)",
		policyName(s.policyURI), s.mode, strings.Join(offered, ", "))
}

// learnTypes reads each node's DataType attribute and value, so that
// writes can be sent in the node's exact type.
func (d *Driver) learnTypes(ctx context.Context, cl *opcua.Client) error {
	for start := 0; start < len(d.tags); start += monitorBatch {
		part := d.tags[start:min(start+monitorBatch, len(d.tags))]
		req := &ua.ReadRequest{TimestampsToReturn: ua.TimestampsToReturnNeither}
		for _, t := range part {
			req.NodesToRead = append(req.NodesToRead,
				&ua.ReadValueID{NodeID: t.node, AttributeID: ua.AttributeIDDataType},
				&ua.ReadValueID{NodeID: t.node, AttributeID: ua.AttributeIDValue})
		}
		res, err := cl.Read(ctx, req)
		if err != nil {
			return fmt.Errorf("read data types: %w", err)
		}
		if len(res.Results) != len(req.NodesToRead) {
			return fmt.Errorf("read data types: %d results for %d nodes", len(res.Results), len(req.NodesToRead))
		}
		d.mu.Lock()
		for i, t := range part {
			t.typ = writeType(nodeIDOf(res.Results[2*i]), goodVariant(res.Results[2*i+1]))
		}
		d.mu.Unlock()
	}
	return nil
}

func nodeIDOf(dv *ua.DataValue) *ua.NodeID {
	if v := goodVariant(dv); v != nil {
		return v.NodeID()
	}
	return nil
}

func goodVariant(dv *ua.DataValue) *ua.Variant {
	if dv == nil || uint32(dv.Status)&severity != 0 {
		return nil
	}
	return dv.Value
}

// subscriptionParams publish at the fastest sampling interval of any tag.
// The keep-alive, about half the timeout, bounds how long gopcua waits for
// a publish response from a server that went quiet.
func (d *Driver) subscriptionParams() *opcua.SubscriptionParameters {
	interval := d.tags[0].Sampling
	for _, t := range d.tags {
		interval = min(interval, t.Sampling)
	}
	keepAlive := uint32(max(1, (d.s.Timeout/2)/interval))
	return &opcua.SubscriptionParameters{
		Interval:          interval,
		MaxKeepAliveCount: keepAlive,
		LifetimeCount:     10 * keepAlive,
	}
}

// monitor creates a monitored item per tag; a tag whose item the server
// refuses turns Bad with the status code's name ("BadNodeIdUnknown").
func (d *Driver) monitor(ctx context.Context, sub *opcua.Subscription, pub tags.Publisher) error {
	var bad []tags.Update
	for start := 0; start < len(d.tags); start += monitorBatch {
		end := min(start+monitorBatch, len(d.tags))
		reqs := make([]*ua.MonitoredItemCreateRequest, 0, end-start)
		for i := start; i < end; i++ {
			t := d.tags[i]
			req := opcua.NewMonitoredItemCreateRequestWithDefaults(t.node, ua.AttributeIDValue, uint32(i))
			req.RequestedParameters.SamplingInterval = float64(t.Sampling) / float64(time.Millisecond)
			req.RequestedParameters.QueueSize = t.QueueSize
			req.RequestedParameters.Filter = t.Deadband.filter()
			reqs = append(reqs, req)
		}
		res, err := sub.Monitor(ctx, ua.TimestampsToReturnBoth, reqs...)
		if err != nil {
			return fmt.Errorf("create monitored items: %w", err)
		}
		for i, r := range res.Results {
			if q, reason := Quality(r.StatusCode); q != tags.Good {
				t := d.tags[start+i]
				d.log.Warn(d.s.prefix()+": cannot monitor node", "tag", t.Def.Name, "node", t.Def.Address, "status", reason)
				bad = append(bad, tags.Update{Name: t.Def.Name, Value: tags.Value{Quality: tags.Bad, Reason: reason, Time: d.now()}})
			}
		}
	}
	if len(bad) > 0 {
		pub.Publish(bad...)
	}
	return nil
}

// serve publishes data changes until the session fails or ctx is done.
// When no data arrived for half the timeout of the driver's clock, it
// reads the server's clock: a server that stops answering without closing
// the connection is noticed within about twice Config.Timeout.
func (d *Driver) serve(ctx context.Context, cl *opcua.Client, states <-chan opcua.ConnState,
	notifs <-chan *opcua.PublishNotificationData, pub tags.Publisher) error {
	watch := clock.NewTicker(d.clk, max(d.s.Timeout/2, 10*time.Millisecond))
	defer watch.Stop()
	heard := false
	var ups []tags.Update
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case st := <-states:
			if st == opcua.Disconnected || st == opcua.Closed {
				return errors.New("connection to the server lost")
			}
		case n := <-notifs:
			heard = true
			if n.Error != nil {
				return fmt.Errorf("subscription: %w", n.Error)
			}
			var err error
			if ups, err = d.changes(n.Value, ups[:0]); err != nil {
				return err
			}
			if len(ups) > 0 {
				pub.Publish(ups...)
			}
		case <-watch.C():
			if !heard {
				if err := d.ping(ctx, cl); err != nil {
					return fmt.Errorf("server not answering: %w", err)
				}
			}
			heard = false
			watch.Rearm()
		}
	}
}

// changes appends the tag updates of one notification.
func (d *Driver) changes(n any, ups []tags.Update) ([]tags.Update, error) {
	switch n := n.(type) {
	case *ua.DataChangeNotification:
		for _, item := range n.MonitoredItems {
			if item == nil || int(item.ClientHandle) >= len(d.tags) {
				continue
			}
			t := d.tags[item.ClientHandle]
			ups = append(ups, tags.Update{Name: t.Def.Name, Value: d.value(t, item.Value)})
		}
	case *ua.StatusChangeNotification:
		if q, reason := Quality(n.Status); q != tags.Good {
			return ups, fmt.Errorf("subscription: %s", reason)
		}
	}
	return ups, nil
}

// value converts a DataValue from the server: the source timestamp
// (else the server's, else now), the status code as quality and reason,
// the value in the tag's type.
func (d *Driver) value(t *tag, dv *ua.DataValue) tags.Value {
	if dv == nil {
		return tags.Value{Quality: tags.Bad, Reason: "no value", Time: d.now()}
	}
	out := tags.Value{Time: dv.SourceTimestamp}
	if out.Time.IsZero() {
		out.Time = dv.ServerTimestamp
	}
	if out.Time.IsZero() {
		out.Time = d.now()
	}
	out.Quality, out.Reason = Quality(dv.Status)
	if out.Quality == tags.Bad {
		return out
	}
	v, err := fromVariant(&t.Def, dv.Value)
	switch {
	case err != nil:
		out.Quality, out.Reason = tags.Bad, "value: "+err.Error()
	case v == nil:
		out.Quality, out.Reason = tags.Bad, "no value"
	default:
		out.V = v
	}
	return out
}

// ping reads the server's current time, bounded by the timeout.
func (d *Driver) ping(ctx context.Context, cl *opcua.Client) error {
	ctx, cancel := context.WithTimeout(ctx, d.s.Timeout)
	defer cancel()
	res, err := cl.Read(ctx, &ua.ReadRequest{NodesToRead: []*ua.ReadValueID{{
		NodeID: ua.NewNumericNodeID(0, id.Server_ServerStatus_CurrentTime), AttributeID: ua.AttributeIDValue,
	}}})
	if err != nil {
		return err
	}
	if len(res.Results) == 1 && uint32(res.Results[0].Status)&severity != 0 {
		return &StatusError{res.Results[0].Status}
	}
	return nil
}
