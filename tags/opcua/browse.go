package opcua

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gopcua/opcua"
	"github.com/gopcua/opcua/id"
	"github.com/gopcua/opcua/ua"
)

// Node is one node of a server's address space, as [Browse] lists it.
type Node struct {
	ID          string // node id, as Tag addresses take it: "ns=2;s=Plant.Level"
	BrowseName  string // "2:Level"; the namespace index is left out for namespace 0
	DisplayName string
	DataType    string // variables only: "Double", "Int32", or the data type's browse name
	Access      string // variables only: "rw", "r", "w" or "-" (the user's access level)
	Class       string // "Object", "Variable", "Method", "ObjectType", …
	HasChildren bool   // the node has hierarchical references to other nodes
}

// Browse connects to the server cfg describes and lists the nodes that
// node (a node id; "" is the Objects folder) organises or has as
// components and properties: every forward hierarchical reference.
func Browse(ctx context.Context, cfg Config, node string) ([]Node, error) {
	s, err := cfg.check()
	if err != nil {
		return nil, err
	}
	start := ua.NewNumericNodeID(0, id.ObjectsFolder)
	if node != "" {
		if start, err = ParseNodeID(node); err != nil {
			return nil, fmt.Errorf("%s: %w", s.prefix(), err)
		}
	}
	// A one-off call with no driver: a certificate it must generate is
	// dated by the wall clock.
	cl, err := dial(ctx, s, newTrustLog(slog.New(slog.DiscardHandler)), time.Now)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", s.prefix(), errText(err))
	}
	defer closeClient(cl, s.Timeout)
	nodes, err := browse(ctx, cl, start)
	if err != nil {
		return nil, fmt.Errorf("%s: browse %s: %s", s.prefix(), start, errText(err))
	}
	return nodes, nil
}

// browse lists the children of one node with their details.
func browse(ctx context.Context, cl *opcua.Client, start *ua.NodeID) ([]Node, error) {
	refs, err := references(ctx, cl, start, 0)
	if err != nil {
		return nil, err
	}
	nodes := make([]Node, len(refs[0]))
	ids := make([]*ua.NodeID, len(refs[0]))
	for i, r := range refs[0] {
		ids[i] = r.NodeID.NodeID
		nodes[i] = Node{
			ID:          r.NodeID.NodeID.String(),
			BrowseName:  qualifiedName(r.BrowseName),
			DisplayName: localizedText(r.DisplayName),
			Class:       className(r.NodeClass),
		}
	}
	if len(ids) == 0 {
		return nodes, nil
	}
	// Whether each child has children of its own: one reference is enough.
	kids, err := references(ctx, cl, nil, 1, ids...)
	if err != nil {
		return nil, err
	}
	for i := range nodes {
		nodes[i].HasChildren = len(kids[i]) > 0
	}
	return nodes, variableDetails(ctx, cl, refs[0], nodes)
}

// references returns the forward hierarchical references of each node
// (of start alone when nodes is empty), following continuation points.
// limit caps the references per node; 0 is none.
func references(ctx context.Context, cl *opcua.Client, start *ua.NodeID, limit uint32, nodes ...*ua.NodeID) ([][]*ua.ReferenceDescription, error) {
	if start != nil {
		nodes = []*ua.NodeID{start}
	}
	out := make([][]*ua.ReferenceDescription, len(nodes))
	for from := 0; from < len(nodes); from += monitorBatch {
		part := nodes[from:min(from+monitorBatch, len(nodes))]
		req := &ua.BrowseRequest{
			View:                          &ua.ViewDescription{ViewID: ua.NewTwoByteNodeID(0)},
			RequestedMaxReferencesPerNode: limit,
		}
		for _, n := range part {
			req.NodesToBrowse = append(req.NodesToBrowse, &ua.BrowseDescription{
				NodeID:          n,
				BrowseDirection: ua.BrowseDirectionForward,
				ReferenceTypeID: ua.NewNumericNodeID(0, id.HierarchicalReferences),
				IncludeSubtypes: true,
				ResultMask:      uint32(ua.BrowseResultMaskAll),
			})
		}
		res, err := cl.Browse(ctx, req)
		if err != nil {
			return nil, err
		}
		if len(res.Results) != len(part) {
			return nil, fmt.Errorf("%d browse results for %d nodes", len(res.Results), len(part))
		}
		for i, r := range res.Results {
			if uint32(r.StatusCode)&severity != 0 {
				return nil, &StatusError{r.StatusCode}
			}
			all := r.References
			cp := r.ContinuationPoint
			for len(cp) > 0 && limit == 0 {
				next, err := cl.BrowseNext(ctx, &ua.BrowseNextRequest{ContinuationPoints: [][]byte{cp}})
				if err != nil {
					return nil, err
				}
				if len(next.Results) != 1 {
					break
				}
				all = append(all, next.Results[0].References...)
				cp = next.Results[0].ContinuationPoint
			}
			if limit > 0 && len(cp) > 0 {
				// Release the continuation point the server holds for us.
				_, _ = cl.BrowseNext(ctx, &ua.BrowseNextRequest{ReleaseContinuationPoints: true, ContinuationPoints: [][]byte{cp}})
			}
			out[from+i] = all
		}
	}
	return out, nil
}

// variableDetails fills in the data type and access level of variables.
func variableDetails(ctx context.Context, cl *opcua.Client, refs []*ua.ReferenceDescription, nodes []Node) error {
	var vars []int
	req := &ua.ReadRequest{TimestampsToReturn: ua.TimestampsToReturnNeither}
	for i, r := range refs {
		if r.NodeClass != ua.NodeClassVariable {
			continue
		}
		vars = append(vars, i)
		req.NodesToRead = append(req.NodesToRead,
			&ua.ReadValueID{NodeID: r.NodeID.NodeID, AttributeID: ua.AttributeIDDataType},
			&ua.ReadValueID{NodeID: r.NodeID.NodeID, AttributeID: ua.AttributeIDUserAccessLevel})
	}
	if len(vars) == 0 {
		return nil
	}
	res, err := cl.Read(ctx, req)
	if err != nil {
		return err
	}
	if len(res.Results) != len(req.NodesToRead) {
		return fmt.Errorf("%d read results for %d attributes", len(res.Results), len(req.NodesToRead))
	}
	types := make([]*ua.NodeID, len(vars))
	for k, i := range vars {
		types[k] = nodeIDOf(res.Results[2*k])
		nodes[i].Access = accessText(goodVariant(res.Results[2*k+1]))
	}
	names := dataTypeNames(ctx, cl, types)
	for k, i := range vars {
		nodes[i].DataType = names[k]
	}
	return nil
}

// dataTypeNames names data types: built-in types by the table, others by
// reading their browse names.
func dataTypeNames(ctx context.Context, cl *opcua.Client, types []*ua.NodeID) []string {
	names := make([]string, len(types))
	req := &ua.ReadRequest{TimestampsToReturn: ua.TimestampsToReturnNeither}
	var ask []int
	for i, t := range types {
		switch {
		case t == nil:
			names[i] = "?"
		case t.Namespace() == 0 && t.IntID() > 0 && int(t.IntID()) < len(builtinNames) && builtinNames[t.IntID()] != "":
			names[i] = builtinNames[t.IntID()]
		default:
			names[i] = t.String()
			ask = append(ask, i)
			req.NodesToRead = append(req.NodesToRead, &ua.ReadValueID{NodeID: t, AttributeID: ua.AttributeIDBrowseName})
		}
	}
	if len(ask) == 0 {
		return names
	}
	res, err := cl.Read(ctx, req)
	if err != nil || len(res.Results) != len(ask) {
		return names // the node ids stand in for the names
	}
	for k, i := range ask {
		if v := goodVariant(res.Results[k]); v != nil {
			if qn := v.QualifiedName(); qn != nil && qn.Name != "" {
				names[i] = qn.Name
			}
		}
	}
	return names
}

func accessText(v *ua.Variant) string {
	if v == nil {
		return "?"
	}
	var lvl uint8
	switch x := v.Value().(type) {
	case uint8:
		lvl = x
	default:
		return "?"
	}
	r, w := lvl&uint8(ua.AccessLevelTypeCurrentRead) != 0, lvl&uint8(ua.AccessLevelTypeCurrentWrite) != 0
	switch {
	case r && w:
		return "rw"
	case r:
		return "r"
	case w:
		return "w"
	}
	return "-"
}

func qualifiedName(q *ua.QualifiedName) string {
	if q == nil {
		return ""
	}
	if q.NamespaceIndex == 0 {
		return q.Name
	}
	return fmt.Sprintf("%d:%s", q.NamespaceIndex, q.Name)
}

func localizedText(t *ua.LocalizedText) string {
	if t == nil {
		return ""
	}
	return t.Text
}

func className(c ua.NodeClass) string {
	switch c {
	case ua.NodeClassObject:
		return "Object"
	case ua.NodeClassVariable:
		return "Variable"
	case ua.NodeClassMethod:
		return "Method"
	case ua.NodeClassObjectType:
		return "ObjectType"
	case ua.NodeClassVariableType:
		return "VariableType"
	case ua.NodeClassReferenceType:
		return "ReferenceType"
	case ua.NodeClassDataType:
		return "DataType"
	case ua.NodeClassView:
		return "View"
	}
	return fmt.Sprintf("NodeClass(%d)", uint32(c))
}
