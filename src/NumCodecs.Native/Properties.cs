using System.Runtime.CompilerServices;

// Every native call passes blittable types only (pointers, nuint, int), so no marshalling code is generated.
[assembly: DisableRuntimeMarshalling]
