namespace Gongzhi.Modules.Operations.Features;

/// <summary>
/// An operation (backup, restore, key export or import) refused or failed for a reason the operator can act on. The
/// message is written for them as it is, and the verb exits non-zero.
/// </summary>
public sealed class OperationFailed(string message, Exception? inner = null) : Exception(message, inner);
