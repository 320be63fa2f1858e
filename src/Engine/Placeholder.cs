namespace Engine;
internal static class Placeholder { }
