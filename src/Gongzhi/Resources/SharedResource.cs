namespace Gongzhi.Resources;

/// <summary>
/// Marker for the shared UI strings. Keys are the English text; <c>SharedResource.zh-CN.resx</c> holds the Chinese.
/// </summary>
public sealed class SharedResource;
