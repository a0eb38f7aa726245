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
// With security Sign or SignAndEncrypt, the certificate the server's
// endpoint presents is checked before the secure channel opens
// ([VerifyServerCert]): it must be in the trust list (Config.PKIDir's
// trusted/, read at each attempt, [LoadTrusted]), valid on the driver's
// clock, and for the server's application URI. A refused certificate turns
// every tag Bad with a [CertError]'s text and, when it is untrusted, is
// saved into rejected/ with a log line giving the `mv` that trusts it.
// With security None nothing is checked: the channel is not protected, so
// a certificate would prove nothing.
//
// [Browse] lists a server's address space for `hmi browse`.
package opcua
