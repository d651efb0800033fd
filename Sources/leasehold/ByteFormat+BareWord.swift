import Leasehold

extension ByteFormat {
    /// The error for text given as a literal that is a bare word (`alice`, `/tmp/x`, `bob smith`)
    /// rather than a malformed literal: it shows the tuple of that string that was probably meant
    /// (`('alice',)`: keys and values are tuple or bytes literals) and the `--utf8` way to take
    /// the text as raw bytes. `nil` when `text` is not a bare word.
    ///
    /// `what` names the argument (`"key"`, `"value"`, `"--prefix"`…); `inShell` adds how to quote
    /// the suggestion on a command line (not for text read from a file).
    static func bareWordError(_ text: String, _ what: String, inShell: Bool) -> CLIError? {
        guard isBareWord(text) else { return nil }
        let isValue = what == "value"
        let word = TupleLiteral.format(TupleValue.string(text)), tuple = TupleLiteral.format([.string(text)])
        var message = what.hasPrefix("-") ? "\(what): " : ""
        message += "\(word) is not a \(isValue ? "value" : "key"): write the string as a tuple, \(tuple)"
        if inShell { message += " (quoted in the shell: \(shellQuoted(tuple)))" }
        message += ", or pass --utf8 to \(isValue ? "store" : "use") the text as raw bytes"
        return CLIError(message)
    }

    /// Whether `text` is no literal at all: not empty, no quotes or parentheses, not starting
    /// like a number, and not an element the syntax names (`None`, `True`, `inf`…), which is
    /// the parser's to explain.
    static func isBareWord(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, (try? TupleLiteral.parse("(" + text + ",)")) == nil else { return false }
        let literalMarks: Set<Unicode.Scalar> = ["(", ")", "[", "]", "'", "\""]
        let numberStarts: Set<Unicode.Scalar> = ["+", "-", ".", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        return !numberStarts.contains(first) && !text.unicodeScalars.contains(where: literalMarks.contains)
    }

    /// `text` in double quotes for a POSIX shell, `"`, `\`, `$` and `` ` `` escaped with a
    /// backslash.
    static func shellQuoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            if "\"\\$`".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
