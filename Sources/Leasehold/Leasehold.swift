// `import Leasehold`: the core (engines, transactions, `Bytes`, leases, the registry and the
// Memory engine) and the tuple layer (`Key`, Codable records) in one line. The adapter tier
// comes along only for `@_spi(Adapter) import Leasehold`.
@_exported import LeaseholdCore
@_spi(Adapter) @_exported import LeaseholdCore
@_exported import LeaseholdTuple
