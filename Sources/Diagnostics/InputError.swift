/// An error in what the operator gave: the command line, a pattern, an inventory, a
/// line typed at the prompt. It is reported as its description, one line, and the
/// command exits 2 having run nothing (`ErrorReport`). Conforming types keep the bad
/// input (file and line, the faulty part) so the line can quote it.
public protocol InputError: Error, CustomStringConvertible {}
