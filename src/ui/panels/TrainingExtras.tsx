// The model/training panel's experiment settings: the learning-rate schedule (its kind and that
// kind's numbers, drawn in a small chart of the rate over the updates, from learningRateAt), the
// initialisation (and the carry gate's bias for an LSTM or GRU), and the validation split of the
// text (a fraction of it in next-character mode, every k-th line in line mode).
import { setTrain } from '../../store/actions.ts';
import { CHOICES, type InitKind, type ModelConfig, type ScheduleKind, type TrainConfig } from '../../model/config.ts';
import { scheduleCurve } from '../../model/schedule.ts';
import type { TaskMode } from '../../model/tasks.ts';
import { useNumber, useT } from '../i18n.ts';
import { Hint, NumberField, SelectField } from './fields.tsx';

const CHART = { width: 180, height: 56, pad: 4 };

/** How many updates the small chart spans: enough to see the schedule's shape. */
export function scheduleSpan(s: TrainConfig['schedule']): number {
  return s.kind === 'warmup-cosine' ? Math.ceil(s.decaySteps * 1.2) : s.kind === 'step' ? s.stepEvery * 4 : 1000;
}

function ScheduleChart({ train }: { train: TrainConfig }) {
  const t = useT();
  const fmt = useNumber();
  const steps = scheduleSpan(train.schedule);
  const points = scheduleCurve(train.schedule, train.learningRate, steps, 90);
  const max = Math.max(...points.map(([, lr]) => lr)) || 1;
  const { width, height, pad } = CHART;
  const path = points.map(([s, lr], i) => `${i ? 'L' : 'M'}${(pad + (s / Math.max(1, steps - 1)) * (width - 2 * pad)).toFixed(1)},${(height - pad - (lr / max) * (height - 2 * pad)).toFixed(1)}`).join('');
  const label = t('schedule.chart', { steps, from: fmt(points[0]![1], 5), to: fmt(points.at(-1)![1], 5) });
  return (
    <figure className="schedule-chart" data-testid="schedule-chart">
      <svg width={width} height={height} role="img" aria-label={label}>
        <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="none" stroke="#26304a" />
        <path d={path} fill="none" stroke="#60a5fa" strokeWidth={2} />
      </svg>
      <figcaption className="meta">{label}</figcaption>
    </figure>
  );
}

export function TrainingExtras({ model, train, mode, fieldError }: { model: ModelConfig; train: TrainConfig; mode: TaskMode; fieldError: (name: string) => string | null }) {
  const t = useT();
  const s = train.schedule;
  const schedule = (patch: Partial<TrainConfig['schedule']>) => setTrain({ schedule: { ...s, ...patch } });
  const carry = model.cell === 'lstm' || model.cell === 'gru';
  return (
    <div className="grid experiments" data-testid="training-extras">
      <SelectField<ScheduleKind> id="schedule" label={t('field.schedule')} value={s.kind} options={CHOICES.schedule.map((k) => [k, t(`opt.schedule.${k}`)] as const)} onChange={(kind) => schedule({ kind })} hint={t('hint.schedule')} />
      {s.kind === 'warmup-cosine' && (
        <>
          <NumberField name="warmupSteps" label={t('field.warmupSteps')} value={s.warmupSteps} step={1} onCommit={(warmupSteps) => schedule({ warmupSteps })} error={fieldError('warmupSteps')} hint={t('hint.warmupSteps')} />
          <NumberField name="decaySteps" label={t('field.decaySteps')} value={s.decaySteps} step={1} onCommit={(decaySteps) => schedule({ decaySteps })} error={fieldError('decaySteps')} hint={t('hint.decaySteps')} />
          <NumberField name="minFactor" label={t('field.minFactor')} value={s.minFactor} onCommit={(minFactor) => schedule({ minFactor })} error={fieldError('minFactor')} hint={t('hint.minFactor')} />
        </>
      )}
      {s.kind === 'step' && (
        <>
          <NumberField name="stepEvery" label={t('field.stepEvery')} value={s.stepEvery} step={1} onCommit={(stepEvery) => schedule({ stepEvery })} error={fieldError('stepEvery')} hint={t('hint.stepEvery')} />
          <NumberField name="stepFactor" label={t('field.stepFactor')} value={s.stepFactor} onCommit={(stepFactor) => schedule({ stepFactor })} error={fieldError('stepFactor')} hint={t('hint.stepFactor')} />
        </>
      )}
      {s.kind !== 'constant' && <ScheduleChart train={train} />}
      <SelectField<InitKind> id="init" label={t('field.init')} value={train.init.kind} options={CHOICES.init.map((k) => [k, t(`opt.init.${k}`)] as const)} onChange={(kind) => setTrain({ init: { ...train.init, kind } })} hint={t('hint.init')} />
      {carry && (
        <div className="field check-field">
          <label>
            <input type="checkbox" id="carryBias" data-testid="carryBias" checked={train.init.carryBias} aria-describedby="carryBias-hint" onChange={(e) => setTrain({ init: { ...train.init, carryBias: e.target.checked } })} />{' '}
            {t(model.cell === 'lstm' ? 'opt.carryBias.lstm' : 'opt.carryBias.gru')}
          </label>
          <Hint id="carryBias" text={t('hint.carryBias')} />
        </div>
      )}
      {fieldError('init') && (
        <p className="field-error" role="alert" data-testid="init-error">
          {fieldError('init')}
        </p>
      )}
      {mode === 'lm' && (
        <NumberField name="valFraction" label={t('field.valFraction')} value={train.validation.fraction} onCommit={(fraction) => setTrain({ validation: { ...train.validation, fraction } })} error={fieldError('valFraction')} hint={t('hint.valFraction')} />
      )}
      {mode === 'lines' && (
        <NumberField name="valEvery" label={t('field.valEvery')} value={train.validation.every} step={1} onCommit={(every) => setTrain({ validation: { ...train.validation, every } })} error={fieldError('valEvery')} hint={t('hint.valEvery')} />
      )}
    </div>
  );
}
