// Package opcua is the OPC UA client driver of gohmi, built on gopcua.
//
// A [Driver] keeps one session to one server. At connect it reads each
// tag's DataType attribute, so that writes are sent in the node's exact
// type (servers answer BadTypeMismatch to anything else), then creates one
// subscription with a monitored item per tag, each with its own sampling
// interval, queue size and deadband. Data changes are published with the
// server's source timestamp and with the status code mapped to a
// [tags.Quality] whose reason is the code's name ("BadNodeIdUnknown").
//
// The driver owns the connection's life: gopcua's own auto-reconnect is off.
// When the session fails — the server closes the connection, stops
// answering (a watchdog reads the server's clock when no data arrived for a
// while), or a publish reports a session or subscription error — every tag
// turns Bad with the reason, the client is closed, and Run connects again
// after a backoff that doubles up to a cap, re-creating the subscription.
// Values turn Good again by themselves once the server is back.
//
// [Browse] lists a server's address space for `hmi browse`.
package opcua
