using System.Net;
using Faas.Gateway.Auth;
using Faas.Gateway.RateLimiting;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class LoginServiceTests
{
    private const string Password = "correct horse battery staple";

    private FakeTimeProvider _time = null!;

    private readonly PasswordHasher _hasher = new(1000);
    private InMemoryUserStore _users = null!;
    private RecordingLogger _log = null!;
    private LoginService _login = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _users = new InMemoryUserStore();
        _log = new RecordingLogger();
        var budget = new AuthFailureBudget(true, 60, 3);
        _login = new LoginService(_users, _hasher, new TokenIssuer(TokenIssuerTests.Key(), new AuthSettings(), _time),
            new AuthFailureLimiter(budget, _time), new LoginThrottle(budget, _time), _time, _log);
        await _users.CreateAsync(User("alice", _hasher.Hash(Password)));
    }

    private static StoredUser User(string name, string hash, bool disabled = false) =>
        new(name, "default", hash, ["invoke"], disabled, "stamp", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static IPAddress Address(int i) => IPAddress.Parse($"10.0.0.{i}");

    [Test]
    public async Task Login_RightPassword_SignsInUntilTheLifetime()
    {
        var result = await _login.LoginAsync("alice", Password, Address(1), default);

        Assert.That(result.Outcome, Is.EqualTo(LoginOutcome.SignedIn));
        Assert.That(result.Token, Is.Not.Empty);
        Assert.That(result.ExpiresAt, Is.EqualTo(_time.GetUtcNow() + AuthSettings.DefaultTokenLifetime));
    }

    [Test]
    public async Task Login_UnknownUserWrongPasswordDisabledUser_AnswerAlike()
    {
        await _users.CreateAsync(User("bob", _hasher.Hash(Password), disabled: true));

        var unknown = await _login.LoginAsync("nobody", Password, Address(1), default);
        var wrong = await _login.LoginAsync("alice", "wrong password!!", Address(2), default);
        var disabled = await _login.LoginAsync("bob", Password, Address(3), default);

        Assert.That(new[] { unknown, wrong, disabled }, Is.All.EqualTo(new LoginResult(LoginOutcome.Refused)));
        Assert.That(_log.Lines.Count(l => l.Contains("Sign-in failed", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(_log.Lines, Has.None.Contains(Password));
    }

    [Test]
    public async Task Login_FailuresForOneUsernameFromManyAddresses_AreThrottledUntilTheBudgetRefills()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.That((await _login.LoginAsync("alice", "wrong password!!", Address(i), default)).Outcome, Is.EqualTo(LoginOutcome.Refused));
        }

        var throttled = await _login.LoginAsync("alice", Password, Address(9), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var later = await _login.LoginAsync("alice", Password, Address(9), default);

        Assert.That(throttled.Outcome, Is.EqualTo(LoginOutcome.Throttled));
        Assert.That(throttled.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(later.Outcome, Is.EqualTo(LoginOutcome.SignedIn));
        Assert.That(_log.Lines, Has.Some.Contains("too many failed attempts"));
    }

    [Test]
    public async Task Login_FailuresFromOneAddress_ThrottleEveryUsernameFromIt()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _login.LoginAsync($"guess{i}", "wrong password!!", Address(1), default);
        }

        Assert.That((await _login.LoginAsync("alice", Password, Address(1), default)).Outcome, Is.EqualTo(LoginOutcome.Throttled));
        Assert.That((await _login.LoginAsync("alice", Password, Address(2), default)).Outcome, Is.EqualTo(LoginOutcome.SignedIn));
    }

    [Test]
    public async Task Login_HashWithFewerIterations_IsReplacedWithTodaysCount()
    {
        await _users.CreateAsync(User("carol", new PasswordHasher(500).Hash(Password)));

        var result = await _login.LoginAsync("carol", Password, Address(1), default);

        Assert.That(result.Outcome, Is.EqualTo(LoginOutcome.SignedIn));
        Assert.That((await _users.FindAsync("carol"))!.PasswordHash, Does.StartWith("pbkdf2-sha256$1000$"));
    }

    private sealed class RecordingLogger : ILogger<LoginService>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
