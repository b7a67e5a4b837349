namespace Faas.Tests.Common;

/// <summary>Waits, bounded (60 s by default), for a condition the code under test reaches in the background; never asserts after a fixed sleep.</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                NUnit.Framework.Assert.Fail($"not within {(limit ?? TimeSpan.FromSeconds(60)).TotalSeconds} s: {what}");
            }

            await Task.Delay(20);
        }
    }

    public static Task ThatAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        ThatAsync(() => Task.FromResult(condition()), what, limit);
}
