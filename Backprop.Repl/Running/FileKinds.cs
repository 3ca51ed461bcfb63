using System.Runtime.InteropServices;

namespace Backprop.Repl.Running;

/// <summary>What a path names, as stat(2) says, following links: only a regular file may be read as a script.</summary>
internal enum FileKind { Missing, Regular, Directory, Other, Unknown }

internal static partial class FileKinds
{
    /// <summary>
    /// The kind of file at <paramref name="path"/>. Opening a FIFO for reading blocks until someone writes to it, and a
    /// device may never end, so this is asked before a script is opened. .NET has no public API for the file type; the
    /// runtime's own native helper (the one FileInfo uses) answers on Unix, and where it cannot, the answer is
    /// <see cref="FileKind.Unknown"/> and the caller relies on the size check and the bounded read alone.
    /// </summary>
    public static FileKind Of(string path)
    {
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!File.Exists(path)) return FileKind.Missing;
        if (OperatingSystem.IsWindows()) return FileKind.Regular;
        try
        {
            var status = new byte[512]; // larger than the runtime's FileStatus
            if (Stat(path, status) != 0) return FileKind.Unknown;
            int mode = BitConverter.ToInt32(status, 4); // FileStatus: int Flags, int Mode, ...
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                _ => FileKind.Other, // FIFO, character or block device, socket
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKind.Unknown;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
