using Gongzhi.Infrastructure.Security;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Components.Shared;

/// <summary>
/// For components that sit side by side on a page and load their own data (the sections of an area page):
/// static rendering initializes siblings concurrently, and one DbContext must never serve two queries at once.
/// Each load (and each form's use case) runs in its own DI scope, with the request's data scope copied over.
/// </summary>
public abstract class IsolatedComponent : Gongzhi.Components.Forms.FormComponent
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private DataScope RequestScope { get; set; } = default!;

    protected async Task<T> LoadAsync<TService, T>(Func<TService, Task<T>> load) where TService : notnull
    {
        await using var scope = Scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().CopyFrom(RequestScope);
        return await load(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
