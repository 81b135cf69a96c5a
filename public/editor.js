// Tag pills for the article editor. Without this script the tag input takes a
// comma-separated list; with it, Enter turns the typed tag into a pill (a
// hidden input named tagList) and clicking a pill's "x" removes it.
(function () {
  'use strict';

  function init() {
    var form = document.querySelector('form[data-editor]');
    if (!form) return;
    var input = form.querySelector('input[placeholder="Enter tags"]');
    var list = form.querySelector('[data-tag-list]');
    var hint = form.querySelector('[data-enter-hint]');
    if (!input || !list) return;
    if (hint) hint.hidden = false;

    function current() {
      return Array.prototype.map.call(list.querySelectorAll('input[name="tagList"]'), function (el) {
        return el.value;
      });
    }

    function addPill(tag) {
      var pill = document.createElement('span');
      pill.className = 'tag-default tag-pill';
      var remove = document.createElement('i');
      remove.className = 'ion-close-round';
      remove.setAttribute('role', 'button');
      remove.setAttribute('tabindex', '0');
      remove.setAttribute('aria-label', 'Remove tag ' + tag);
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'tagList';
      hidden.value = tag;
      pill.appendChild(remove);
      pill.appendChild(document.createTextNode(tag));
      pill.appendChild(hidden);
      list.appendChild(pill);
    }

    function commitInput() {
      var existing = current();
      input.value.split(',').forEach(function (raw) {
        var tag = raw.trim();
        if (tag && existing.indexOf(tag) === -1) {
          addPill(tag);
          existing.push(tag);
        }
      });
      input.value = '';
    }

    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault(); // Enter adds a tag; it never submits the form
        commitInput();
      }
    });

    function removeFrom(target) {
      if (target && target.matches && target.matches('[data-tag-list] i')) {
        var pill = target.closest('.tag-pill');
        if (pill) pill.remove();
        input.focus();
      }
    }

    list.addEventListener('click', function (event) {
      removeFrom(event.target);
    });
    list.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        removeFrom(event.target);
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
