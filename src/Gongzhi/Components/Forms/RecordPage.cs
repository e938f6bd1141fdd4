using Gongzhi.Infrastructure.Http;

namespace Gongzhi.Components.Forms;

/// <summary>
/// A page about one record (an area, a household, a resident …): loads it, or shows the problem with its HTTP
/// status (a record outside the caller's subtree answers 404, not an empty page with 200). Its forms follow
/// <see cref="FormComponent"/>.
/// </summary>
public abstract class RecordPage<TRecord> : FormComponent where TRecord : class
{
    protected TRecord? Record { get; private set; }
    protected AppProblem? Problem { get; private set; }

    protected abstract Task<TRecord> LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        try
        {
            Record = await LoadAsync();
        }
        catch (AppProblem p)
        {
            Problem = p;
            SetStatus(p.Status);
        }
    }
}
