// Package trends will hold the historian: per-tag ring buffers, a durable
// store, deadband compression and range queries. It imports tags for values
// only and never Fyne. Empty until the trends issue lands.
package trends
