// English texts of the lessons' frame (the Learn panel, the tour) and of chapters 1–4 (the loop,
// "hello", BPTT, vanishing and exploding gradients), spread into en.ts. A chapter's texts are
// `lesson.<id>.title|body|todo|check` (src/ui/lessons/chapter.ts); paragraphs of a body are
// separated by a blank line.
export const lessonsEn = {
  'learn.open': 'Learn',
  'learn.title': 'Lessons',
  'learn.fold': 'Fold down',
  'learn.unfold': 'Show the lesson',
  'learn.close': 'Close the lessons',
  'learn.intro': 'Short chapters that follow the course. Each pairs one idea with the live view that shows it: read, press Set it up, do the one thing it asks, and watch. Where the course writes a formula with other letters, the chapter says which of ours it is.',
  'learn.chapters': 'All chapters',
  'learn.chapterOf': 'Chapter {n} of {count}',
  'learn.setUp': 'Set it up',
  'learn.setUpHint': 'Loads the text, cell, sizes and seed this chapter uses and shows the panel it talks about.',
  'learn.ownText': 'This replaces your own text in the training text box with the chapter’s.',
  'learn.replace': 'Replace it and set up',
  'learn.todo': 'Try this',
  'learn.seen': 'seen',
  'learn.notYet': 'not yet',
  'learn.done': 'done',
  'learn.prev': 'Previous',
  'learn.next': 'Next',
  'learn.link': 'Link to this chapter',
  'learn.copied': 'copied',
  'learn.tourAgain': 'Take the tour again',

  'tour.progress': 'Tour · {n} of {count}',
  'tour.text.title': 'Your text',
  'tour.text.body': 'The network learns from this text, one character at a time. Pick a preset or type your own.',
  'tour.train.title': 'Train',
  'tour.train.body': 'Train runs updates until you pause; Step makes exactly one. Cell, sizes and learning rate are set just above.',
  'tour.curves.title': 'The curves',
  'tour.curves.body': 'The loss after every update: how surprised the model still is by the next character. It falls as the model learns.',
  'tour.inside.title': 'Inside the network',
  'tour.inside.body': 'The network unrolled over a window of the text: every gate and hidden state at every time step, with live numbers. Step through time walks it forward and then backward.',
  'tour.lessons.title': 'Lessons',
  'tour.lessons.body': 'Learn opens short chapters that follow the course, from the loop to generation; each sets the page up for what it explains.',
  'tour.skip': 'Skip the tour',
  'tour.back': 'Back',
  'tour.next': 'Next',
  'tour.done': 'Done',
  'tour.keys': 'Enter or → next, ← back, Esc closes.',

  'lesson.loop.title': 'Sequences and the loop',
  'lesson.loop.body':
    'A sentence arrives one character at a time, and what each character means depends on what came before. A recurrent neural network reads it in a loop: at time step t it takes the input x_t and its own hidden state h_{t−1} from the step before, and computes a new hidden state h_t, its memory of everything read so far.\n\nThe course writes s_t = f(U x_t + W s_{t−1}) and o_t = V s_t. Its s_t is our h_t, its U is W_ih, its W is W_hh, its V is the output weights W_out, and f is tanh here. The course’s examples read words; this page reads characters, so each x_t is one character.\n\nUnrolled, the loop is one column per time step, and every column uses the same W_ih, W_hh and biases: weight sharing. The model has as many parameters for 5 characters as for 5,000.',
  'lesson.loop.todo': 'Press Step once to build the network. Then press Step through time under Inside the network and go forward three time steps with ▶: the h strip changes at every column, while Shared weights shows one W_ih and one W_hh for all of them.',
  'lesson.loop.check': 'Step through time has shown at least 3 time steps:',

  'lesson.hello.title': 'The “hello” example',
  'lesson.hello.body':
    'The smallest language model: the text is “hello”, so the vocabulary has 4 letters, in the order e, h, l, o. Each letter enters as a one-hot vector in that order, so h is 0100 (the course lists h first and writes it 1000). From h_t the network computes 4 scores, the logits (unnormalised, one per letter), and softmax turns them into probabilities for the next letter. The training pairs are h→e, e→l, l→l and l→o: the input l is followed once by l and once by o, and only the hidden state can tell the two apart.\n\nThe loss is the cross-entropy: minus the natural log of the probability given to the right letter, averaged over the 4 steps (the course sums them). A uniform guess costs ln 4 ≈ 1.39 nats per step; the loss falls towards 0 as the model learns.',
  'lesson.hello.todo': 'Press Train and watch the loss fall. The panel What the RNN writes shows the prime “h” followed by 4 letters, each the most likely one (temperature 0): wait until it reads “hello”, “ello” after the prime, then Pause.',
  'lesson.hello.check': 'The RNN writes “ello” after the prime “h” (now: “{sample}”):',

  'lesson.bptt.title': 'Forward, then backpropagation through time',
  'lesson.bptt.body':
    'Training makes two passes. Forward, the network runs left to right: step t needs h_{t−1} before it can compute h_t, so the steps come in order. Every step also predicts the next character and adds its cross-entropy to the loss.\n\nBackward, the gradient runs right to left. What reaches h_t has two parts: one from step t’s own prediction, and one that comes back from step t+1 through W_hh and the derivative of the activation. The last step has only its own part; every earlier step adds its part to what flows back from later steps. Because the weights are shared, their gradient is the sum of what each step contributes. This is backpropagation through time (BPTT): ordinary backpropagation on the unrolled network.',
  'lesson.bptt.todo': 'Press Step once, then Step through time, and go forward with ▶ to the last step. Then press Backward (BPTT) ◀ and walk back one step at a time to the first: the arrows turn round, grow or shrink with ‖∂L/∂h_t‖, and the equations become that step’s backward equations.',
  'lesson.bptt.check': 'Backpropagation has walked back to the first time step:',

  'lesson.gradients.title': 'Vanishing and exploding gradients',
  'lesson.gradients.body':
    'Each step back multiplies the gradient by W_hh and by the derivative of the activation. Over k steps back the factors pile up: if they act like 0.9, after 50 steps 0.9⁵⁰ ≈ 0.005 is left; like 1.1, 1.1⁵⁰ ≈ 117. The first is a vanishing gradient: early inputs stop shaping what is learned. The second is an exploding gradient: one update can throw the weights far away. tanh’s derivative is at most 1 and usually smaller, pushing towards vanishing; relu’s is 0 or 1, leaving W_hh to decide.\n\nRemedies: gradient clipping caps the gradient: each value at the threshold (by value, as in the course) or the whole gradient’s length (by global norm, this page’s default); truncated BPTT backpropagates through windows of Sequence length steps, while the hidden state is carried from one window to the next; gated cells keep a path whose factor stays near 1.',
  'lesson.gradients.todo': 'Press Step once. The chart shows the gradient of the last step’s loss at each time step t; time runs left to right, so k steps back is k columns left of the last step, and the letter to recall is 17 steps back. Read how much reaches the first step, then move What if W_hh × to 0.5 and to 1.5 and compare the slopes. Then set Activation to relu and press Step again: the same what-if now scales a path whose derivative is 0 or 1. Last, set Sequence length to 8: a window is now shorter than the 17 steps between the letters, so no gradient connects them, though the state is still carried.',
  'lesson.gradients.check': 'The RNN’s ‖∂L/∂h‖ at the first step is under a thousandth of the last step’s (now {ratio} of it):',
};
