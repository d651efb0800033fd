@_exported import LeaseholdCore
@_exported import LeaseholdTuple
