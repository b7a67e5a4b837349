namespace Faas.Runtime.Process.Seccomp;

/// <summary>
/// Builds a classic BPF program with symbolic jump targets. Conditional jumps in classic BPF are forward
/// only and at most 255 instructions away; <see cref="Build"/> checks both.
/// </summary>
internal sealed class BpfAssembler
{
    private readonly List<(BpfInstruction Instruction, string? True, string? False)> _code = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    public int Count => _code.Count;

    public BpfAssembler Label(string name)
    {
        if (!_labels.TryAdd(name, _code.Count))
        {
            throw new InvalidOperationException($"BPF label '{name}' defined twice.");
        }
        return this;
    }

    /// <summary><c>A = seccomp_data[offset]</c> (32-bit load).</summary>
    public BpfAssembler LoadWord(uint offset) =>
        Emit(new BpfInstruction(BpfInstruction.Ld | BpfInstruction.W | BpfInstruction.Abs, 0, 0, offset));

    /// <summary><c>if (A == k) goto whenTrue else goto whenFalse</c>; a null target means the next instruction.</summary>
    public BpfAssembler JumpIfEqual(uint k, string? whenTrue, string? whenFalse) => Jump(BpfInstruction.Jeq, k, whenTrue, whenFalse);

    /// <summary><c>if (A &amp; k) goto whenTrue else goto whenFalse</c>.</summary>
    public BpfAssembler JumpIfAnySet(uint k, string? whenTrue, string? whenFalse) => Jump(BpfInstruction.Jset, k, whenTrue, whenFalse);

    public BpfAssembler Return(uint action) =>
        Emit(new BpfInstruction(BpfInstruction.Ret | BpfInstruction.KSource, 0, 0, action));

    public BpfInstruction[] Build()
    {
        var program = new BpfInstruction[_code.Count];
        for (var i = 0; i < _code.Count; i++)
        {
            var (instruction, whenTrue, whenFalse) = _code[i];
            program[i] = instruction with { JumpTrue = Offset(i, whenTrue), JumpFalse = Offset(i, whenFalse) };
        }
        return program;
    }

    private BpfAssembler Jump(ushort op, uint k, string? whenTrue, string? whenFalse)
    {
        _code.Add((new BpfInstruction((ushort)(BpfInstruction.Jmp | op | BpfInstruction.KSource), 0, 0, k), whenTrue, whenFalse));
        return this;
    }

    private BpfAssembler Emit(BpfInstruction instruction)
    {
        _code.Add((instruction, null, null));
        return this;
    }

    private byte Offset(int from, string? label)
    {
        if (label is null)
        {
            return 0;
        }
        if (!_labels.TryGetValue(label, out var target))
        {
            throw new InvalidOperationException($"BPF label '{label}' is not defined.");
        }
        var offset = target - from - 1;
        if (offset is < 0 or > byte.MaxValue)
        {
            throw new InvalidOperationException($"BPF jump from {from} to '{label}' ({offset}) is out of range.");
        }
        return (byte)offset;
    }
}
