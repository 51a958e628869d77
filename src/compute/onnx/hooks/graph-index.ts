import type { GraphProto, NodeProto } from '../proto/types';

/**
 * Upstream questions over a topologically sorted graph (ONNX requires node order to be a
 * topological order). Searches are bounded below by a node index so that asking "does this
 * branch come from that residual tensor" only walks one block, not the whole model.
 */
export class GraphIndex {
  readonly nodes: NodeProto[];
  /** tensor name → index of the node that writes it. */
  readonly producerIndex = new Map<string, number>();
  readonly consumerCount = new Map<string, number>();

  constructor(graph: GraphProto) {
    this.nodes = graph.node;
    this.nodes.forEach((n, i) => {
      for (const o of n.output) if (o) this.producerIndex.set(o, i);
      for (const inp of n.input) if (inp) this.consumerCount.set(inp, (this.consumerCount.get(inp) ?? 0) + 1);
    });
  }

  producer(tensor: string): NodeProto | undefined {
    const i = this.producerIndex.get(tensor);
    return i === undefined ? undefined : this.nodes[i];
  }

  /**
   * Whether `tensor` is computed from `source`'s producer node (any of its outputs: a fused
   * Skip*LayerNormalization hands its normalised output, not its sum, to the next branch).
   * A graph input / initializer source is matched by name.
   */
  dependsOn(tensor: string, source: string): boolean {
    const floor = this.producerIndex.get(source) ?? -1;
    const targets = new Set(floor >= 0 ? (this.nodes[floor] as NodeProto).output : [source]);
    return this.searchUp(tensor, floor, (_n, inputs) => inputs.some((i) => targets.has(i)));
  }

  /** Whether some node between `floorTensor`'s producer and `tensor` (inclusive) satisfies `pred`. */
  coneHas(tensor: string, floorTensor: string, pred: (n: NodeProto) => boolean): boolean {
    const floor = this.producerIndex.get(floorTensor) ?? -1;
    return this.searchUp(tensor, floor, (n) => pred(n));
  }

  private searchUp(tensor: string, floor: number, hit: (n: NodeProto, inputs: string[]) => boolean): boolean {
    const start = this.producerIndex.get(tensor);
    if (start === undefined || start <= floor) return false;
    const seen = new Set<number>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const n = this.nodes[stack.pop() as number] as NodeProto;
      if (hit(n, n.input)) return true;
      for (const i of n.input) {
        const p = this.producerIndex.get(i);
        if (p !== undefined && p > floor && !seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return false;
  }
}
