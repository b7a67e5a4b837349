using System.Buffers.Binary;

namespace Faas.Runtime.Process.Seccomp;

/// <summary>One classic BPF instruction (<c>struct sock_filter</c>: u16 code, u8 jt, u8 jf, u32 k).</summary>
internal readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    public const int Size = 8;

    // Instruction classes and modes used by seccomp filters (linux/bpf_common.h).
    public const ushort Ld = 0x00;
    public const ushort Jmp = 0x05;
    public const ushort Ret = 0x06;
    public const ushort W = 0x00;
    public const ushort Abs = 0x20;
    public const ushort Ja = 0x00;
    public const ushort Jeq = 0x10;
    public const ushort Jgt = 0x20;
    public const ushort Jge = 0x30;
    public const ushort Jset = 0x40;
    public const ushort KSource = 0x00;

    /// <summary>Serializes a program in the layout the kernel (and <c>bwrap --seccomp</c>) expects: native (little) endian.</summary>
    public static byte[] Serialize(IReadOnlyList<BpfInstruction> program)
    {
        var bytes = new byte[program.Count * Size];
        for (var i = 0; i < program.Count; i++)
        {
            var span = bytes.AsSpan(i * Size, Size);
            BinaryPrimitives.WriteUInt16LittleEndian(span, program[i].Code);
            span[2] = program[i].JumpTrue;
            span[3] = program[i].JumpFalse;
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], program[i].K);
        }
        return bytes;
    }
}
