// The one dispatcher of the training worker's messages: each goes to the slices that handle it,
// in this order (the runs' state first, then what follows from it). The switch is exhaustive: a
// new message type does not compile until it is routed here.
import type { FromWorker } from '../engine/protocol.ts';
import type { PlaygroundState } from './state.ts';

export function dispatch(s: PlaygroundState, m: FromWorker): void {
  switch (m.type) {
    case 'gpu':
      return s.gpuReported(m);
    case 'ready':
      s.clearTraces();
      s.closeStepper();
      return s.runsReady(m);
    case 'backend':
      return s.backendChanged(m);
    case 'metrics':
      s.metricsArrived(m);
      if (s.stepper) s.closeStepper(); // an update (Step) changed the parameters under it
      return s.parametersChanged();
    case 'running':
      s.runningChanged(m.running);
      if (m.running) s.closeStepper(); // training changes the parameters under it
      return s.traceWhileRunning(m.running);
    case 'diverged':
      return s.diverged(m);
    case 'sample':
      return s.sampleArrived(m);
    case 'evaluation':
      return s.evaluationArrived(m);
    case 'predicted':
      return s.predictionArrived(m);
    case 'trace':
      return s.traceArrived(m);
    case 'answers':
      return s.answersArrived(m);
    case 'probs':
      return s.probsArrived(m);
    case 'passage':
      return s.passageArrived(m);
    case 'stepper-opened':
      return s.stepperOpened(m);
    case 'stepper-state':
      return s.stepperState(m);
    case 'exported':
      return s.exported(m);
    case 'checkpoint':
      return s.checkpointArrived(m);
    case 'resume-state':
      return s.resumeStateArrived(m);
    case 'imported':
      return s.imported(m);
    case 'error':
      return s.workerError(m);
    case 'sweep-started':
      return s.sweepStarted(m);
    case 'sweep-progress':
      return s.sweepProgress(m);
    case 'sweep-point':
      return s.sweepPoint(m);
    case 'sweep-ended':
      return s.sweepEnded(m);
    default: {
      const unrouted: never = m;
      throw new Error(`no slice handles worker message ${JSON.stringify(unrouted)}`);
    }
  }
}
