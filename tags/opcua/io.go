package opcua

import (
	"context"
	"fmt"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/tags"
)

// Write writes v to the tag's node in the node's exact data type, learned
// at connect: a number for an Int32 node goes as an Int32, refused here
// when it is not whole or out of the type's range. A status code from the
// server comes back as a [StatusError] ("BadNotWritable: …"). The tag's
// new value arrives through the subscription.
func (d *Driver) Write(ctx context.Context, name string, v any) error {
	t, err := d.lookup(name)
	if err != nil {
		return err
	}
	cl, err := d.current()
	if err != nil {
		return err
	}
	d.mu.Lock()
	typ := t.typ
	d.mu.Unlock()
	if typ == 0 {
		return fmt.Errorf("%s: %s: the node's data type is not known (reading it failed at connect)", d.s.prefix(), t.Def.Address)
	}
	variant, err := toVariant(&t.Def, v, typ)
	if err != nil {
		return fmt.Errorf("%s: %s is %s: %w", d.s.prefix(), t.Def.Address, typeName(typ), err)
	}
	ctx, cancel := context.WithTimeout(ctx, d.s.Timeout)
	defer cancel()
	res, err := cl.Write(ctx, &ua.WriteRequest{NodesToWrite: []*ua.WriteValue{{
		NodeID:      t.node,
		AttributeID: ua.AttributeIDValue,
		Value:       &ua.DataValue{EncodingMask: ua.DataValueValue, Value: variant},
	}}})
	switch {
	case err != nil:
		return fmt.Errorf("%s: write %s: %s", d.s.prefix(), t.Def.Address, errText(err))
	case len(res.Results) != 1:
		return fmt.Errorf("%s: write %s: %d results for one node", d.s.prefix(), t.Def.Address, len(res.Results))
	case uint32(res.Results[0])&severity != 0:
		return fmt.Errorf("%s: write %s: %w", d.s.prefix(), t.Def.Address, &StatusError{res.Results[0]})
	}
	return nil
}

// Read reads the named tags' nodes now, outside the subscription.
func (d *Driver) Read(ctx context.Context, names []string) ([]tags.Value, error) {
	if len(names) == 0 {
		return nil, nil
	}
	ts := make([]*tag, len(names))
	req := &ua.ReadRequest{TimestampsToReturn: ua.TimestampsToReturnBoth, NodesToRead: make([]*ua.ReadValueID, len(names))}
	for i, name := range names {
		t, err := d.lookup(name)
		if err != nil {
			return nil, err
		}
		ts[i] = t
		req.NodesToRead[i] = &ua.ReadValueID{NodeID: t.node, AttributeID: ua.AttributeIDValue}
	}
	cl, err := d.current()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.s.Timeout)
	defer cancel()
	res, err := cl.Read(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("%s: read: %s", d.s.prefix(), errText(err))
	}
	if len(res.Results) != len(ts) {
		return nil, fmt.Errorf("%s: read: %d results for %d nodes", d.s.prefix(), len(res.Results), len(ts))
	}
	out := make([]tags.Value, len(ts))
	for i, t := range ts {
		out[i] = d.value(t, res.Results[i])
	}
	return out, nil
}
