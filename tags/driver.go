package tags

import "context"

// Update is a new value for the tag Name.
type Update struct {
	Name  string
	Value Value
}

// Publisher receives values from drivers. Publish never blocks; [DB]
// implements it.
type Publisher interface {
	Publish(updates ...Update)
}

// Driver connects tags to a device. The [DB] routes writes to the driver
// attached to a tag's connection ([DB.Attach]); the Runtime runs it.
type Driver interface {
	// Run reads the device and publishes values until ctx is done. It owns
	// every goroutine it starts and returns only after they have stopped.
	// A device that fails turns its tags Bad with a reason; Run keeps
	// reconnecting rather than returning an error.
	Run(ctx context.Context, pub Publisher) error
	// Write sends one value to the device. v is already converted to the
	// tag's type and checked against its limits by [DB.Write].
	Write(ctx context.Context, name string, v any) error
}

// Reader is the optional ability of a [Driver] to read tags on demand,
// outside its polling loop, as `hmi tags --once` does.
type Reader interface {
	Read(ctx context.Context, names []string) ([]Value, error)
}
