//===- Passes.td - passes of the CPU backend ---------------*- tablegen -*-===//

#ifndef DTC_COMPILER_BACKENDS_CPU_PASSES_TD
#define DTC_COMPILER_BACKENDS_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def CopiesToLinalg : Pass<"dtc-cpu-copies-to-linalg"> {
  let summary = "Rewrites memref.copy as linalg.copy";
  let description = [{
    A memref.copy between strided views (what bufferised concats and slices
    produce) would lower to a call into MLIR's runner library, which the
    runtime must not depend on; as linalg.copy it becomes plain loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ApproximateMath : Pass<"dtc-cpu-approximate-math"> {
  let summary = "Expands f32 math.exp, log, erf and tanh into polynomials";
  let description = [{
    LLVM lowers these ops to scalar libm calls, which keep the loops around
    them from being vectorised (GELU's erf and softmax's exp dominated a ViT
    once its GEMMs were fast). MLIR's polynomial approximations are plain
    arith ops that vectorise; their error stays within a few ulp of f32.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def AssertionsToErrors : Pass<"dtc-cpu-assertions-to-errors", "::mlir::ModuleOp"> {
  let summary = "Turns cf.assert into calls of the runtime's dtc_rt_fail";
  let description = [{
    `generate-runtime-verification` guards ops whose validity depends on run
    time values (a dynamic extent that must match a weight's, an index that
    must lie inside its table) with `cf.assert`, which would abort the
    process. Here each becomes

    ```mlir
    scf.if %failed { func.call @dtc_rt_fail(%message) }
    ```

    with `%message` a constant string `FILE:LINE:COL: what failed` from the
    assertion's location and text. The runtime turns the call into an error
    value of the session's run (runtime/core/Failure.h).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def ContractionsToKernels : Pass<"dtc-cpu-contractions-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Calls the runtime's GEMM (dtc_rt_sgemm) for f32 contractions on buffers";
  let description = [{
    A linalg contraction on memrefs (one reduction dimension, one n
    dimension, any m and batch dimensions, multiply-accumulate body, f32)
    becomes a call to `dtc_rt_sgemm` (runtime/kernels/KernelAbi.h) over its
    innermost m, n and k dimensions, inside `scf.for` loops over the batch
    and outer m dimensions. Operands are passed as pointers and element
    strides read from their strided layouts, so transposed and sliced
    operands need no copy.

    - A `linalg.fill` of zero into the output just before the contraction is
      folded into the call (the kernel overwrites instead of accumulating);
      any other initial value (a broadcast bias) is accumulated onto.
    - A right-hand operand that is a view of a parameter (a function
      argument marked `dt.param`) is passed as constant, so the runtime packs
      it once. Where its shape, strides and offsets are known at compile
      time (offsets may be indices of loops with constant bounds, as in a
      layer loop), the module attribute `dtc.constant_gemm_operands` lists
      it, with every offset, for the runtime to pack when the model loads.
    - The first op after the contraction that does more than compute or
      check values (a failed check calls `dtc_rt_fail`), if it is marked
      `dtc.gemm_epilogue` and works in place on the output alone, becomes
      the GEMM's epilogue: it is outlined into a private function
      `__dtc_epilogue_FUNC_N(%context, %row, %col, %rows, %cols)` (marked
      `dtc.callback`) running it on that block of the output (subviews of
      its operands), the values it reads (and the loop indices) travel in a
      struct on the caller's stack, and the checks in between move before
      the call. Otherwise the epilogue arguments are null.

    Contractions that do not fit stay as they are and become loops.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def TileForVectors : Pass<"dtc-cpu-tile-for-vectors", "::mlir::func::FuncOp"> {
  let summary = "Tiles the linalg ops left on buffers into vector-wide pieces";
  let description = [{
    A linalg op on buffers whose innermost loop dimension is parallel and
    read and written contiguously (the last dimension of every buffer that
    it indexes, unit stride; other buffers are broadcast along it), whose
    body only computes (arith, math, `linalg.index`), and whose innermost
    extent is dynamic or at least the vector width, becomes

    - `scf.parallel` over its outer parallel dimensions and `scf.for` over
      its outer reduction dimensions, one iteration each (the parallel
      loops become the runtime pool's tasks later),
    - around an `scf.for` over the innermost dimension in steps of
      `vector-width` elements, peeled so that the last, partial step is a
      loop of its own,
    - around the op on that tile, marked `dtc.vector_tile`.

    What the op's body derives only from operands that are constant along
    the innermost dimension (a layer norm's mean and reciprocal standard
    deviation) is computed once per iteration of the outer loops, before
    the vector loop, with those operands loaded as scalars: LLVM cannot
    hoist it out of the vector loop itself, as it cannot prove that the
    loop's stores leave those operands alone.

    A `linalg.generic` that reduces along its innermost dimension, read
    contiguously as above, into one output through a single combiner that
    may be reassociated (an integer one, or a float one that
    `dtc-cpu-reassociate-reductions` marked `reassoc`) and whose body is
    otherwise element-wise arithmetic, gets the same outer loops around
    the op on one row, marked `dtc.vector_reduction`.

    Other ops are left as they are, for LLVM's loop vectoriser: gathers,
    transposed reads, float reductions that may not be reassociated,
    reductions that also compute an index (argmax), and ops whose
    innermost extent is static and below `vector-width`.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "Elements of one vector step; dtc uses two registers of f32: "
           "16 with AVX2, 32 with AVX-512">,
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::scf::SCFDialect"];
}

def Vectorize : Pass<"dtc-cpu-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Turns the tiles dtc-cpu-tile-for-vectors marked into vector code";
  let description = [{
    A row of a reduction (`dtc.vector_reduction`) becomes an `scf.for` over
    the row in steps of `vector-width` elements that carries a vector of
    partial results (the combiner's neutral element at first), a masked
    step for what is left (lanes past the row's end keep their results),
    and one `vector.reduction` into what the output held.

    For the tiles (`dtc.vector_tile`), first simplifies the tiles' sizes (an `affine.min` of the width and
    what is left folds to the width inside a loop whose range the width
    divides), so that full tiles have static shapes. Then linalg's
    vectorizer turns each marked op into vector transfers and vector
    arithmetic: a static tile unmasked, a partial tile masked to its
    run-time width (`vector.mask`, `vector.create_mask`). An op the
    vectorizer refuses stays a loop. Unit dimensions are cast away, masks
    lowered and transfers of contiguous memory become `vector.load`,
    `vector.store`, `vector.maskedload` and `vector.maskedstore`, so that
    only one-dimensional vectors of `vector-width` elements reach LLVM.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "Elements of one vector step; dtc uses two registers of f32: "
           "16 with AVX2, 32 with AVX-512">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def ReassociateReductions : Pass<"dtc-cpu-reassociate-reductions"> {
  let summary = "Lets float reductions in linalg ops be reassociated";
  let description = [{
    LLVM vectorises a floating-point reduction loop (the sums and maxima of
    norms and softmax) only when it may reorder the combining operations. This
    pass sets the `reassoc` fast-math flag on the `arith.addf`, `mulf`,
    `maximumf` and `minimumf` ops inside linalg ops that have a reduction
    iterator, and on nothing else: elementwise code keeps IEEE semantics. The
    sums then run in a different order, which changes results in the last
    bits, as any vectorised or blocked reduction does.
  }];
}

def ReadOnlyArguments : Pass<"dtc-cpu-read-only-arguments", "::mlir::ModuleOp"> {
  let summary = "Marks every entry-point argument bufferization.writable = false";
  let description = [{
    One-shot bufferization may otherwise write a result in place into a
    function argument's buffer. Entry arguments are never the code's to
    write: inputs belong to the application, and parameters point into the
    read-only mapping of the artifact. Bufferization then copies instead.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def GemmEpilogues : Pass<"dtc-cpu-gemm-epilogues"> {
  let summary = "Makes the elementwise consumer of a GEMM work in place on its product";
  let description = [{
    Runs on tensors, after elementwise fusion. A `linalg.generic` with only
    parallel dimensions, projected-permutation maps and an identity-mapped
    init it does not read, that reads (with the init's map and type) the
    only use of a contraction that becomes `dtc_rt_sgemm` calls, is
    rewritten to take that product as its init instead:

    ```mlir
    %p = linalg.matmul ins(%x, %w) outs(%bias)
    %y = linalg.generic ins(%p) outs(%empty) { gelu }
    // becomes
    %y = linalg.generic {dtc.gemm_epilogue} outs(%p) { gelu }
    ```

    Bufferized, it then reads and writes exactly the GEMM's output buffer,
    element by element, so `dtc-cpu-contractions-to-kernels` can run it as
    the GEMM's epilogue on each block of the product while the block is in
    cache.
  }];
}

def PlanArenas : Pass<"dtc-cpu-plan-arenas", "::mlir::func::FuncOp"> {
  let summary = "Plans each block's buffers into one arena by liveness";
  let description = [{
    Runs after bufferization, before deallocations are inserted. In each
    block, the `memref.alloc`s (identity layout, integer, index or float
    elements) whose buffers do not outlive the block (no alias is returned,
    yielded or passed to a call) and whose dynamic sizes can be computed
    before the first of them become views of one arena:

    ```mlir
    %arena = memref.alloc(%bytes) {alignment = 64} : memref<?xi8>
    ...
    %a = memref.view %arena[%offset_a][%n] : memref<?xi8> to memref<?x384xf32>
    ```

    Buffers are given slots by greedy interval colouring over their live
    ranges (from the allocation to the last use of any alias, a use in a
    nested region counting at its ancestor in the block), preferring a free
    slot whose buffers have the same size expression. Sizes may be run-time
    values: a slot's size is the largest of its buffers' (64-byte aligned),
    computed with the offsets at the arena's allocation; pure ops those sizes
    need are moved up there. A block with fewer than two such buffers is
    left alone. Deallocation then frees the arena once, at the end of the
    block.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
  let statistics = [
    Statistic<"numArenas", "arenas", "Number of arenas planned">,
    Statistic<"numPlanned", "planned-buffers", "Number of buffers placed in an arena">,
    Statistic<"numSlots", "slots", "Number of arena slots those buffers share">,
  ];
}

def CountsToCalls : Pass<"dtc-cpu-counts-to-calls", "::mlir::ModuleOp"> {
  let summary = "Lowers dt.count to calls of the runtime's dtc_rt_count";
  let description = [{
    Each `dt.count %v to "NAME" [%i]` becomes
    `func.call @dtc_rt_count(%name, %i, %v)` with the name a constant string;
    the runtime adds the value to the calling session's counters
    (runtime/core/Statistics.h).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

def ParallelLoopsToTasks : Pass<"dtc-cpu-parallel-loops-to-tasks", "::mlir::ModuleOp"> {
  let summary = "Runs outermost scf.parallel loops on the runtime's thread pool";
  let description = [{
    Each outermost `scf.parallel` of a `func.func` (without results, and
    without calls, allocations or copies in its body: the runtime functions
    compiled code calls act on the calling thread's session) becomes a task
    function `__dtc_task_FUNC_N(%context: !llvm.ptr, %begin: index,
    %end: index)` and a call

    ```mlir
    func.call @dtc_rt_parallel_for(%task, %context, %iterations, %cost)
    ```

    The task runs outer iterations `[begin, end)`: every dimension of a body
    with loops of its own, all but the innermost of a straight-line body (the
    innermost stays a loop in the task, for LLVM to vectorise). The values
    the body uses (memrefs as their LLVM descriptors) are stored in a struct
    on the caller's stack (`%context`), allocated in the entry block; `%cost`
    estimates the operations of one outer iteration, from the trip counts of
    the inner dimensions and of nested loops whose bounds are known before
    the loop. The runtime runs the range inline when the work is too small
    to wake a worker, else splits it over the session's pool. A body that
    uses a value without an LLVM type keeps its loop.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def PackedEntryPoints : Pass<"dtc-cpu-packed-entry-points", "::mlir::ModuleOp"> {
  let summary = "Adds a packed-argument wrapper for each entry point";
  let description = [{
    For each C interface `_mlir_ciface_NAME` (an entry point's), defines
    `_dtc_entry_NAME(ptr %args)`: `args[i]` points at the value of the
    interface's i-th argument (for entry points with results, the first is
    the address the results are written to). The runtime calls every entry
    point through this one signature, whatever its arity.

    ```mlir
    llvm.func @_dtc_entry_main(%args: !llvm.ptr) {
      %p0 = llvm.load %args : !llvm.ptr -> !llvm.ptr   // &results
      %a0 = llvm.load %p0 : !llvm.ptr -> !llvm.ptr
      ...
      llvm.call @_mlir_ciface_main(%a0, ...)
      llvm.return
    }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def RuntimeAllocations : Pass<"dtc-cpu-runtime-allocations", "::mlir::ModuleOp"> {
  let summary = "Allocates buffers through the runtime's dtc_rt_alloc and dtc_rt_free";
  let description = [{
    Runs on LLVM-dialect IR, after `finalize-memref-to-llvm`: every call of
    `malloc` and `free` (the buffers of `memref.alloc` and `memref.dealloc`)
    calls `dtc_rt_alloc` and `dtc_rt_free` instead, which take the same
    arguments. The session running the code keeps freed blocks for its next
    runs, so that activations stop landing on fresh pages (a page fault per
    4 KiB on first touch), and takes back what a failed run-time check left
    allocated.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DTC_COMPILER_BACKENDS_CPU_PASSES_TD
