using System.Buffers.Binary;
using Faas.Runtime.Process.Seccomp;

namespace Faas.Runtime.Process.Tests.Seccomp;

/// <summary>
/// Runs a serialized seccomp program the way the kernel does, over a <c>struct seccomp_data</c> built from
/// (arch, nr, args). Only the instructions seccomp filters may use are implemented; anything else fails.
/// </summary>
internal static class BpfInterpreter
{
    public static uint Run(byte[] program, uint arch, int nr, params ulong[] args)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        for (var i = 0; i < args.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16 + 8 * i), args[i]);
        }

        Assert.That(program.Length % BpfInstruction.Size, Is.Zero);
        var count = program.Length / BpfInstruction.Size;
        Assert.That(count, Is.InRange(1, 4096), "BPF_MAXINSNS");
        uint a = 0;
        var pc = 0;
        for (var steps = 0; steps <= count; steps++)
        {
            Assert.That(pc, Is.LessThan(count), "program ran off its end");
            var at = program.AsSpan(pc * BpfInstruction.Size);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(at);
            var jt = at[2];
            var jf = at[3];
            var k = BinaryPrimitives.ReadUInt32LittleEndian(at[4..]);
            pc++;
            switch (code)
            {
                case BpfInstruction.Ld | BpfInstruction.W | BpfInstruction.Abs:
                    Assert.That(k % 4, Is.Zero, "unaligned load");
                    Assert.That(k, Is.LessThan(64u), "load beyond seccomp_data");
                    a = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    break;
                case BpfInstruction.Jmp | BpfInstruction.Ja:
                    pc += (int)k;
                    break;
                case BpfInstruction.Jmp | BpfInstruction.Jeq | BpfInstruction.KSource:
                    pc += a == k ? jt : jf;
                    break;
                case BpfInstruction.Jmp | BpfInstruction.Jgt | BpfInstruction.KSource:
                    pc += a > k ? jt : jf;
                    break;
                case BpfInstruction.Jmp | BpfInstruction.Jge | BpfInstruction.KSource:
                    pc += a >= k ? jt : jf;
                    break;
                case BpfInstruction.Jmp | BpfInstruction.Jset | BpfInstruction.KSource:
                    pc += (a & k) != 0 ? jt : jf;
                    break;
                case BpfInstruction.Ret | BpfInstruction.KSource:
                    return k;
                default:
                    Assert.Fail($"unsupported BPF opcode 0x{code:x4} at {pc - 1}");
                    break;
            }
        }
        Assert.Fail("program did not terminate");
        return 0;
    }
}
