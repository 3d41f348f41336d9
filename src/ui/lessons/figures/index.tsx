// The lessons' interactive figures, by id: 'decay' (a^T over T, with sliders), 'hello-net' (the
// "hello" network drawn with the run's current weights and probabilities) and 'gate-valve' (each
// gate as a valve opened by its live value). A chapter renders <LessonFigure id=… />.
import './figures.css';
import { DecayFigure } from './DecayFigure.tsx';
import { GateValveFigure } from './GateValveFigure.tsx';
import { HelloNetFigure } from './HelloNetFigure.tsx';

export type FigureId = 'decay' | 'hello-net' | 'gate-valve';

const FIGURES: Record<FigureId, () => React.JSX.Element> = {
  decay: DecayFigure,
  'hello-net': HelloNetFigure,
  'gate-valve': GateValveFigure,
};

export function LessonFigure({ id }: { id: FigureId }) {
  const Figure = FIGURES[id];
  return <Figure />;
}
