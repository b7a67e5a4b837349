namespace Faas.Sdk.Protocol;

/// <summary>What an <see cref="ObjectRequest"/> asks for.</summary>
public enum ObjectOperation : byte
{
    List = 1,
    Read = 2,
    Write = 3,
}
