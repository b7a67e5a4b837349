namespace Faas.Gateway.Auth;

/// <summary>What an API key may do. <see cref="None"/> marks routes open to everyone.</summary>
[Flags]
internal enum Scope
{
    None = 0,
    Invoke = 1,
    Manage = 2,
    Admin = 4,
}
