namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>
/// A block that another module adds to the page of an area node (the registry's households, later facilities,
/// requests …). The component receives the node as its <c>Node</c> parameter (an <see cref="AreaRef"/>).
/// </summary>
public sealed record AreaPageSection(Type Component, Func<AreaLevel, bool> AppliesTo, int Order = 100);
