using Faas.Runtime.Process.Seccomp;

namespace Faas.Runtime.Process.Tests.Seccomp;

public sealed class BpfAssemblerTests
{
    [Test]
    public void Build_ForwardLabels_ResolvesRelativeOffsets()
    {
        var program = new BpfAssembler()
            .LoadWord(0)
            .JumpIfEqual(1, "one", "other")
            .Label("one").Return(10)
            .Label("other").Return(20)
            .Build();
        Assert.Multiple(() =>
        {
            Assert.That(program[1].JumpTrue, Is.EqualTo(0));
            Assert.That(program[1].JumpFalse, Is.EqualTo(1));
            Assert.That(BpfInterpreter.Run(BpfInstruction.Serialize(program), 0, 1), Is.EqualTo(10u));
            Assert.That(BpfInterpreter.Run(BpfInstruction.Serialize(program), 0, 2), Is.EqualTo(20u));
        });
    }

    [Test]
    public void Build_UndefinedLabel_Throws()
    {
        var assembler = new BpfAssembler().LoadWord(0).JumpIfEqual(1, "nowhere", null).Return(0);
        Assert.Throws<InvalidOperationException>(() => assembler.Build());
    }

    [Test]
    public void Build_BackwardJump_Throws()
    {
        var assembler = new BpfAssembler().Label("start").LoadWord(0).JumpIfEqual(1, "start", null).Return(0);
        Assert.Throws<InvalidOperationException>(() => assembler.Build());
    }
}
