using Faas.Gateway.Ui.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Faas.Gateway.Ui.Components;

/// <summary>
/// A dashboard page or panel: knows who is signed in (<see cref="DashboardCaller"/>, from the session's ticket) and,
/// once it runs interactively, refreshes itself every <see cref="RefreshEvery"/> through <see cref="RefreshAsync"/>
/// until the browser leaves (<see cref="TimeSpan.Zero"/>: never). Components ask <see cref="Caller"/> before they show
/// or do anything, and the actions they call ask again, as REST routes ask their policy.
/// </summary>
public abstract class DashboardComponent : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refreshing;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    /// <summary>The signed-in key; null only if the page was reached without a session (the endpoint policy prevents that).</summary>
    private protected DashboardCaller? Caller { get; private set; }

    /// <summary>True once the page runs in the browser's circuit (not while it is prerendered).</summary>
    protected bool Live => RendererInfo.IsInteractive;

    /// <summary>What went wrong in the last refresh, shown instead of stopping.</summary>
    protected string? RefreshError { get; private set; }

    protected virtual TimeSpan RefreshEvery => TimeSpan.FromSeconds(2);

    protected CancellationToken Stopping => _stopping.Token;

    protected override async Task OnInitializedAsync()
    {
        Caller = AuthenticationState is null ? null : DashboardCaller.From((await AuthenticationState).User);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && Live && RefreshEvery > TimeSpan.Zero)
        {
            _refreshing = RefreshLoopAsync();
        }
    }

    /// <summary>Loads what the page shows (also while prerendering).</summary>
    protected abstract Task LoadAsync();

    /// <summary>Reloads the live parts; by default all of <see cref="LoadAsync"/>.</summary>
    protected virtual Task RefreshAsync() => LoadAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_refreshing is not null)
        {
            await _refreshing.ConfigureAwait(false);
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await InvokeAsync(async () =>
                {
                    try
                    {
                        await RefreshAsync();
                        RefreshError = null;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        RefreshError = ex.Message;
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
