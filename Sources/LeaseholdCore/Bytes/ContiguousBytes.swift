#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Bytes: ContiguousBytes {}
extension OwnedBytes: ContiguousBytes {}
