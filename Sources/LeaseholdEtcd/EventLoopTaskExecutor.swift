#if Etcd
import NIOCore

/// A Swift concurrency task executor that runs every job on one NIO event loop.
///
/// The etcd engine starts its gRPC client and each call with this as the task's executor
/// preference, so the client's tasks (and all their child tasks) run on the engine's own event
/// loop thread, never on the caller's thread and never on the global cooperative pool. A caller
/// that blocks a cooperative thread while it waits therefore cannot starve the work it waits for.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job runs on.
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
#endif
