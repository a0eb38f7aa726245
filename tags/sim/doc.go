// Package sim is the built-in simulator driver: tags whose values follow
// signals (sine, ramp, square, random walk, counter) or hold what operators
// write (memory). It is the default connection, so a project runs — and
// screens, alarms and trends can be developed and tested — without a PLC.
//
// Values are a pure function of the seed, the tag and the time since the
// driver started: [Driver.Sample] gives the value of every tag at any
// elapsed time, which makes snapshots and tests deterministic, and
// [Driver.Run] publishes Sample(now-start) every tick.
package sim
